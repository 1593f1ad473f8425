"""Every page at phone and desktop width, in English and in Chinese: nothing wider than the screen, and no
serious or critical accessibility violation found by axe-core."""
import pytest
from axe_selenium_python import Axe

from screenshots import pages


def overflow(browser):
    """How many pixels the page is wider than the window, and the widest element's tag and class."""
    return browser.execute_script("""
        const width = document.documentElement.clientWidth;
        let widest = null;
        for (const element of document.querySelectorAll('body *')) {
            const box = element.getBoundingClientRect();
            if (box.right > width + 1 && (!widest || box.right > widest.right))
                widest = {right: box.right, what: element.tagName + '.' + element.className};
        }
        return [document.documentElement.scrollWidth - width, widest];
    """)


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("width", [390, 1280])
def test_pages_fit_and_are_accessible(city, language, width):
    seen, problems = [], []
    for name, browser in pages(city, width, language):
        seen.append(name)
        assert browser.find_element("tag name", "html").get_attribute("lang") == ("zh-CN" if language == "zh" else "en")
        extra, widest = overflow(browser)
        if extra > 0:
            problems.append(f"{name}: {extra}px wider than the screen ({widest})")
        axe = Axe(browser)
        axe.inject()
        results = axe.run(options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]}})
        for violation in results["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                problems.append(f"{name}: {violation['id']} ({violation['impact']}): {violation['help']} {targets}")
    assert len(seen) >= 15, seen
    assert not problems, "\n".join(problems)
