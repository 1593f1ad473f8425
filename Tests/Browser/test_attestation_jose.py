"""An attestation verified by a JOSE library of another ecosystem (PyJWT) with the registry's JWKS alone."""
import json
import urllib.request

import jwt
import pytest


def call(city, path, body=None, key=None):
    request = urllib.request.Request(city.url + path, method="POST" if body is not None else "GET",
                                     data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if key:
        request.add_header("Authorization", "Bearer " + key)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_pyjwt_verifies_an_attestation_with_the_jwks(city):
    issued = call(city, "/v1/me/attestations", {"audience": "rail.example", "days": 7}, key=city.subject_key)
    token = issued["token"]
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA"
    jwks = call(city, "/.well-known/jwks.json")
    key = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    claims = jwt.decode(token, jwt.PyJWK(key).key, algorithms=["EdDSA"], audience="rail.example",
                        options={"require": ["iss", "aud", "sub", "iat", "exp", "jti"]})
    assert claims["aud"] == "rail.example"
    assert city.listed not in json.dumps(claims), "the identity number is never in a token"
    assert claims["exp"] - claims["iat"] == 7 * 86400
    with pytest.raises(jwt.InvalidAudienceError):
        jwt.decode(token, jwt.PyJWK(key).key, algorithms=["EdDSA"], audience="bank.example")
    head, payload, signature = token.split(".")
    forged = jwt.utils.base64url_encode(json.dumps({**claims, "tier": "excellent"}).encode()).decode()
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(".".join([head, forged, signature]), jwt.PyJWK(key).key, algorithms=["EdDSA"],
                   audience="rail.example")
    assert call(city, "/v1/attestations/verify", {"token": token})["status"] == "valid"
