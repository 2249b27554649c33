"""The demo's shared names: its password, its e-mail domain and how a demo person's address is made."""

DEMO_PASSWORD = "sammen-demo-2026"
DEMO_DOMAIN = "demo.sammen.dk"
PLATFORM_ADMIN = "platform"


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"
