"""An integrator's code, written against the client that openapi-python-client generates from a registry's
served /openapi.yaml (as the package `candor_client`): a ticket counter's check, a court's submission, and
a person's dispute of the record. The test type-checks it (`mypy --strict`) with the generated package, then
runs it against a served city."""
import datetime

from candor_client import AuthenticatedClient
from candor_client.api.agency import post_v1_records
from candor_client.api.provider import post_v1_checks
from candor_client.api.subject import post_v1_me_disputes
from candor_client.models import (
    CheckedAction,
    Dispute,
    PostV1ChecksBody,
    PostV1ChecksResponse200,
    PostV1MeDisputesBody,
    RecordInput,
    SubmissionResult,
)


def check(url: str, key: str, subject: str) -> str:
    """May `subject` buy a high-speed rail ticket? `allowed` or `denied`."""
    with AuthenticatedClient(base_url=url, token=key) as client:
        answer = post_v1_checks.sync(
            client=client,
            body=PostV1ChecksBody(subject=subject, action=CheckedAction.RAIL_HIGH_SPEED, purpose="Ticket sale"))
    if not isinstance(answer, PostV1ChecksResponse200):
        raise AssertionError(f"the check was not answered: {answer}")
    return answer.decision.value


def submit(url: str, key: str, subject: str, reference: str) -> int:
    """A court judgment not performed, about `subject`; the id of the stored record."""
    record = RecordInput(
        reference=reference, subject=subject, kind="court.judgment-default", occurred=datetime.date(2026, 3, 2),
        amount=12000)
    with AuthenticatedClient(base_url=url, token=key) as client:
        result = post_v1_records.sync(client=client, body=[record])
    if not isinstance(result, SubmissionResult) or result.created != 1:
        raise AssertionError(f"the record was not created: {result}")
    created = result.results[0].record
    if not isinstance(created, int):
        raise AssertionError(f"the result names no record: {result}")
    return created


def dispute(url: str, key: str, record: int) -> Dispute:
    """The person disputes the record: the dispute opened, with its deadline."""
    with AuthenticatedClient(base_url=url, token=key) as client:
        opened = post_v1_me_disputes.sync(
            client=client, body=PostV1MeDisputesBody(record=record, reason="I paid this judgment in full in April."))
    if not isinstance(opened, Dispute):
        raise AssertionError(f"the dispute was not opened: {opened}")
    return opened
