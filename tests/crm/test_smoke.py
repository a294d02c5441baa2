"""The app starts on each database and its home page asks for a sign-in."""

from tests.factories import make_user


def test_home_requires_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_signed_in_user_sees_home(app, signed_in):
    user = make_user("specialist")
    app.extensions["sqlalchemy"].session.commit()
    response = signed_in(user).get("/")
    assert response.status_code == 200
    assert user.name in response.get_data(as_text=True)
