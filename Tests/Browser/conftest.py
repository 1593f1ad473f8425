"""A served demo city and a headless Chromium for Candor's browser tests."""
import os
import shutil
import sys

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Support"))
from city import AS_OF, ROOT, City, candor_binary, city  # noqa: E402,F401 (city: the fixture)


def make_browser(width=1280, height=1000):
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={width},{height}"):
        options.add_argument(argument)
    driver_path = shutil.which("chromedriver")
    service = Service(driver_path) if driver_path else Service()
    return webdriver.Chrome(options=options, service=service)


@pytest.fixture(scope="session")
def browser():
    driver = make_browser()
    yield driver
    driver.quit()
