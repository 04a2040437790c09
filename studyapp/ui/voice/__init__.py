"""Speak mode: record an answer, have it transcribed offline, replay it. The widgets and the
controller; the capture, engine and figures are Qt-free in studyapp/voice (loaded on first
use only)."""
