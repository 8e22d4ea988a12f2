"""Modal dialogs: every ``ModalScreen`` the app pushes. They may use widgets, never panels or
screens; they answer by ``dismiss`` or by posting navigation messages upward."""
