from app.services.event_bus import EventBus


async def handler(payload):
    return None


def test_subscribing_twice_registers_once():
    bus = EventBus()
    bus.subscribe("execution.completed", handler)
    bus.subscribe("execution.completed", handler)
    assert bus._handlers["execution.completed"] == [handler]
