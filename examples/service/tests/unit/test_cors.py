from app.core.middlewares import CorsMiddleware


def test_known_origin_gets_headers():
    cors = CorsMiddleware(app=None, origins=["https://app.example/"])
    assert cors.is_allowed("https://app.example")
    assert cors.headers_for("https://app.example")["access-control-allow-origin"] == "https://app.example"


def test_unknown_origin_gets_nothing():
    cors = CorsMiddleware(app=None, origins=["https://app.example"])
    assert cors.headers_for("https://evil.example") == {}


def test_preflight_lists_methods():
    cors = CorsMiddleware(app=None, origins=["*"], allow_credentials=False)
    headers = cors.headers_for("https://any.example", preflight=True)
    assert "POST" in headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in headers
