"""The question editor: write and edit the learner's own questions, with a live preview."""
