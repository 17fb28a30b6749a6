"""Everything that touches codecs: probing, exact frames, fingerprints, generated media.

No Qt and no database here (import-linter enforces it), so the CLI, worker threads and
tests use the same code as the GUI. Entry points: `probe.probe`, `grabber.FrameGrabber`,
`fingerprint.fingerprint`, `synth.make_demo_video`; failures are `errors.MediaError`s.
"""
