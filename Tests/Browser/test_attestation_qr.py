"""An attestation shared as a QR code: the code on the page decodes (zbarimg) to a link, and the link says
the attestation stands — as does the API, given the token the link carries."""
import json
import os
import subprocess
import tempfile
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By

from screenshots import attest
from test_pages import sign_in, sign_out


def test_the_qr_code_leads_to_a_verified_attestation(browser, city):
    sign_in(browser, city, "/app", city.subject_key)
    browser.get(city.url + "/app?lang=zh")
    attest(browser)
    code = browser.find_element(By.CSS_SELECTOR, "#attestation figure.qr svg")
    browser.execute_script("arguments[0].scrollIntoView();", code)
    picture = os.path.join(tempfile.mkdtemp(prefix="candor-qr-"), "qr.png")
    with open(picture, "wb") as handle:
        handle.write(code.screenshot_as_png)
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", picture], capture_output=True, text=True)
    assert decoded.returncode == 0, decoded.stderr
    link = decoded.stdout.strip()
    assert link.startswith(city.url + "/verify?token=")
    assert link == browser.find_element(By.CSS_SELECTOR, "#attestation a").get_attribute("href")
    summary = browser.find_element(By.CSS_SELECTOR, "#attestation p").text
    assert "rail.example.cn" in summary and "本平台证明" in summary
    sign_out(browser)

    browser.delete_all_cookies()
    browser.get(link + "&lang=en")
    assert browser.find_element(By.ID, "verdict").text == "valid"
    assert "rail.example.cn" in browser.find_element(By.ID, "summary").text

    token = urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["token"][0]
    request = urllib.request.Request(city.url + "/v1/attestations/verify", data=json.dumps({"token": token}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        verdict = json.loads(response.read())
    assert verdict["valid"] is True and verdict["claims"]["aud"] == "rail.example.cn"

    tampered = link[:-4] + ("AAAA" if not link.endswith("AAAA") else "BBBB")
    browser.get(tampered)
    assert browser.find_element(By.ID, "verdict").text != "valid"
