"""Fixtures: a copydesk server process per test, initialized as a recorded client."""

import pytest_asyncio

from helpers import PROFILES, exit_code, start


@pytest_asyncio.fixture(params=list(PROFILES))
async def client(request):
    """A session with the server as each recorded client; ends with shutdown then exit, and
    checks the process exited with code 0."""
    c = await start(request.param)
    yield c
    await c.shutdown_session()
    assert exit_code(c) == 0
    await c.stop()
