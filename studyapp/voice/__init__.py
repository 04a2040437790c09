"""Spoken answers: offline transcription (an optional extra, imported only when used) and
delivery figures (pace, fillers, pauses). Qt-free; the quiz's Speak mode sits in ui/."""
