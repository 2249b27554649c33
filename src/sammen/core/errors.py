"""The domain error every service raises: it carries a translatable message meant for the user."""


class SammenError(Exception):
    def __init__(self, message, *, params: dict | None = None):
        self.message = message
        self.params = params or {}
        super().__init__(str(message))

    def __str__(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text
