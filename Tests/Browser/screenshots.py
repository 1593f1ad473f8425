"""Screenshots of every Candor page at phone and desktop width: python3 screenshots.py FOLDER."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from conftest import City, make_browser  # noqa: E402
from test_pages import check, sign_in, sign_out  # noqa: E402

PUBLIC = {"home": "/", "policy": "/policy", "statistics": "/statistics", "agencies": "/agencies", "signin": "/signin"}


def shoot(browser, folder, name, width):
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(width, max(height, 600))
    browser.save_screenshot(os.path.join(folder, f"{name}-{width}.png"))


def main(folder):
    os.makedirs(folder, exist_ok=True)
    city = City()
    try:
        for width in (390, 1280):
            browser = make_browser(width, 900)
            try:
                for name, path in PUBLIC.items():
                    browser.get(city.url + path)
                    shoot(browser, folder, name, width)
                for name, path, key in (("app", "/app", city.subject_key), ("counter", "/counter", city.provider_key),
                                        ("desk", "/desk", city.agency_key), ("simulate", "/simulate", city.auditor_key),
                                        ("review", "/review", city.reviewer_key)):
                    sign_in(browser, city, path, key)
                    shoot(browser, folder, name, width)
                    if name == "counter":
                        check(browser, city.listed, "rail.high-speed")
                        shoot(browser, folder, "counter-denied", width)
                    sign_out(browser)
            finally:
                browser.quit()
    finally:
        city.close()
    print(f"screenshots in {folder}/")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
