"""Every sentence Candor says has its Chinese in the catalogue (Scripts/words.py lists them)."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_every_sentence_is_translated():
    missing = subprocess.run([sys.executable, os.path.join(ROOT, "Scripts", "words.py"), "--missing"],
                             check=True, capture_output=True, text=True).stdout
    assert missing == "", "sentences without Chinese in Sources/CandorCore/Resources/chinese.toml:\n" + missing


def test_the_list_finds_page_and_refusal_sentences():
    listed = subprocess.run([sys.executable, os.path.join(ROOT, "Scripts", "words.py")],
                            check=True, capture_output=True, text=True).stdout
    assert '"How your score is made"' in listed  # a page's {{#t}} section
    assert '"dispute {{1}} has no appeal"' in listed  # an interpolated refusal
    assert '"this needs {{1}}; the key presented is {{2}}"' in listed


def test_the_catalogue_holds_no_sentence_nobody_says():
    unused = subprocess.run([sys.executable, os.path.join(ROOT, "Scripts", "words.py"), "--unused"],
                            check=True, capture_output=True, text=True).stdout
    assert unused == "", "catalogue entries no sentence needs any more:\n" + unused
