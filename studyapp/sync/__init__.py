"""Studying on two computers without a server: each device appends its own changes to files
of its own in a folder that a sync tool (Syncthing, Dropbox, a network drive, a USB stick)
carries, and merges the other devices' files into its database.

`records` is the file format, `folder` reads and writes the device logs, `merge` applies
what they hold (reviews unioned by uid, undos everywhere, the later edit of a note, star or
setting winning, cards replayed through the one replay function). Qt-free: the UI only
starts a sync and shows its outcome.
"""
