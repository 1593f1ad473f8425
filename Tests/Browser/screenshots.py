"""Screenshots of every Candor page at phone and desktop width, in English and Chinese:
python3 screenshots.py FOLDER. Files are named PAGE-LANGUAGE-WIDTH.png."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from conftest import City, make_browser  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from test_pages import check, click_and_wait, sign_in, sign_out  # noqa: E402

PUBLIC = {"home": "/", "policy": "/policy", "statistics": "/statistics", "agencies": "/agencies", "signin": "/signin",
          "activate": "/activate", "verify": "/verify"}
SIGNED_IN = (("app", "/app", "subject_key"), ("counter", "/counter", "provider_key"), ("desk", "/desk", "agency_key"),
             ("audit", "/audit", "auditor_key"), ("simulate", "/simulate", "auditor_key"),
             ("review", "/review", "reviewer_key"))


def shoot(browser, folder, name, language, width):
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(width, max(height, 600))
    browser.save_screenshot(os.path.join(folder, f"{name}-{language}-{width}.png"))
    browser.set_window_size(width, 900)


def attest(browser):
    """Creates an attestation on the app's page, leaving the page with its QR code on screen."""
    form = browser.find_element(By.CSS_SELECTOR, "form[action='/app/attestation']")
    form.find_element(By.ID, "audience").send_keys("rail.example.cn")
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    return browser


def pages(city, width, language):
    """Every page, opened in `language` at `width`: yields (name, browser) with the page on screen."""
    browser = make_browser(width, 900)
    try:
        browser.get(city.url + "/?lang=" + language)
        for name, path in PUBLIC.items():
            browser.get(city.url + path)
            yield name, browser
        for name, path, key in SIGNED_IN:
            sign_in(browser, city, path, getattr(city, key))
            browser.get(city.url + path + "?lang=" + language)  # signing in starts with no cookie
            yield name, browser
            if name == "app":
                yield "app-attestation", attest(browser)
                browser.get(browser.find_element(By.CSS_SELECTOR, "#attestation a").get_attribute("href"))
                yield "verify-valid", browser
            if name == "counter":
                check(browser, city.listed, "rail.high-speed")
                yield "counter-denied", browser
            sign_out(browser)
    finally:
        browser.quit()


def main(folder):
    os.makedirs(folder, exist_ok=True)
    city = City()
    try:
        for language in ("en", "zh"):
            for width in (390, 1280):
                for name, browser in pages(city, width, language):
                    shoot(browser, folder, name, language, width)
    finally:
        city.close()
    print(f"screenshots in {folder}/")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
