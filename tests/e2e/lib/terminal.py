"""A pseudo-terminal for the e2e tests that type into bash or svc as a person does
(completion.sh, prompt.sh): what the terminal printed, a piece at a time."""
import os
import select


def read_some(fd, wait):
    """What the terminal printed within `wait` seconds: b"" when nothing came, None once it closed."""
    ready, _, _ = select.select([fd], [], [], wait)
    if not ready:
        return b""
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        return None
    return chunk or None
