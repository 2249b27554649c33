"""The domain error every service raises: it carries a translatable message meant for the user, and may name the
form field it is about (``field``), so that the page shows it beside that field."""


class SammenError(Exception):
    field: str | None = None  # a subclass may name its field once for all its raises

    def __init__(self, message, *, params: dict | None = None, field: str | None = None):
        self.message = message
        self.params = params or {}
        if field is not None:
            self.field = field
        super().__init__(str(message))

    def __str__(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text
