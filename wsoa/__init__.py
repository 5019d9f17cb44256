"""wsoa: track a local area's response to its SEND inspection.

Importing the package loads nothing: the app factory lives in `wsoa.app`, the `wsoa` command in
`wsoa.cli`, and the pure modules (the letter reader, key dates, flags, roll-ups, digest composition)
import without Flask.
"""
