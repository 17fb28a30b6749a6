"""The scheme editor: a draft of one scheme version, checked as it is typed, saved as a whole.

Edits stay in the dialog's draft until Save, because a scheme is only meaningful as a whole
(a shortcut swap passes through a clash; a link needs its target code). Saving goes through
`services.schemes.save_edited_scheme`, which decides between an in-place update and a
new version.
"""
