"""The agenda-item panels of the meeting screen and their base. They may push dialogs and use
widgets; they talk to the screen above them only through messages."""
