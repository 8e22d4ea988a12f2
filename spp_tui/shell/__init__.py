"""The app shell's parts, each a mixin for ``SppApp`` (``spp_tui.app``) with one concern.

The app class grew every app-wide duty in one module; these split it by what they are for
(failures contained, the store's link and quitting, privacy mode, themes, help and palette),
so a change to one does not wade through the others. They sit one layer below the app and
above the screens: they may open screens and dialogs, and nothing below imports them.
"""
