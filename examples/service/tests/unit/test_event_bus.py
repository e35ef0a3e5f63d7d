from app.services.event_bus import EventBus


async def handler(payload):
    return None


def test_subscribing_twice_registers_once():
    bus = EventBus()
    bus.subscribe("execution.completed", handler)
    bus.subscribe("execution.completed", handler)
    assert bus._handlers["execution.completed"] == [handler]


async def other_handler(payload):
    return None


def test_kinds_keep_their_own_handlers():
    bus = EventBus()
    bus.subscribe("execution.completed", handler)
    bus.subscribe("execution.failed", other_handler)
    bus.subscribe("execution.failed", handler)
    assert bus._handlers["execution.completed"] == [handler]
    assert bus._handlers["execution.failed"] == [other_handler, handler]
    assert bus.dropped == 0
