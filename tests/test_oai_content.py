"""The Content v1 kinds of tests/oai_conformance.py (tests/oai/content_schemas.json) and how
tools/extract_oai_schemas.py finds and reads the Content spec.

Example payloads are copied from Twilio's OpenAPI spec twilio_content_v1.json (twilio/twilio-oai
at d50069b44ea8cd23141385bdb6db48f16ff75bb5, MIT, see tests/oai/LICENSE): the examples
``create``, ``fetch``, ``readResults``, ``readEmpty``, ``getApproval`` and ``createApproval``.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess

import pytest

from tests.oai_conformance import CONTENT_SCHEMAS_PATH, assert_conforms, conformance_errors
from tests.test_oai_extract import _load_tool

HX = "HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
AC = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
URL = f"https://content.twilio.com/v1/Content/{HX}"

# POST /v1/Content 201, example "create" (GET /v1/Content/{Sid}'s "fetch" differs only in
# friendly_name).
CREATE = {
    "sid": HX,
    "account_sid": AC,
    "friendly_name": "",
    "language": "en",
    "variables": {"name": "foo"},
    "types": {
        "twilio/text": {"body": "Foo Bar Co is located at 39.7392, 104.9903"},
        "twilio/location": {"longitude": 104.9903, "latitude": 39.7392, "label": "Foo Bar Co"},
    },
    "url": URL,
    "date_created": "2015-07-30T19:00:00Z",
    "date_updated": "2015-07-30T19:00:00Z",
    "links": {
        "approval_create": f"{URL}/ApprovalRequests/whatsapp",
        "approval_fetch": f"{URL}/ApprovalRequests",
    },
}
# GET /v1/Content 200, example "readEmpty".
READ_EMPTY = {
    "contents": [],
    "meta": {
        "page": 0,
        "page_size": 10,
        "first_page_url": "https://content.twilio.com/v1/Content?PageSize=10&Page=0",
        "previous_page_url": None,
        "url": "https://content.twilio.com/v1/Content?PageSize=10&Page=0",
        "next_page_url": None,
        "key": "contents",
    },
}
# GET /v1/Content/{Sid}/ApprovalRequests 200, example "getApproval".
GET_APPROVAL = {
    "sid": HX,
    "account_sid": AC,
    "whatsapp": {
        "type": "whatsapp",
        "name": "tree_fiddy",
        "category": "UTILITY",
        "content_type": "twilio/location",
        "status": "approved",
        "rejection_reason": "",
        "allow_category_change": True,
    },
    "url": f"{URL}/ApprovalRequests",
}
# POST /v1/Content/{ContentSid}/ApprovalRequests/whatsapp 201, example "createApproval".
CREATE_APPROVAL = {
    "name": "tree_fiddy",
    "category": "UTILITY",
    "content_type": "twilio/location",
    "status": "unsubmitted",
    "rejection_reason": "",
    "allow_category_change": True,
}


def test_spec_examples_conform():
    assert_conforms("content", CREATE)
    assert_conforms("content", {**CREATE, "friendly_name": "Some content"})
    assert_conforms("list_content", READ_EMPTY)
    read_results = copy.deepcopy(READ_EMPTY)
    read_results["contents"] = [CREATE, {**CREATE, "friendly_name": "Anotha content"}]
    read_results["meta"].update(
        page_size=20,
        first_page_url="https://content.twilio.com/v1/Content?PageSize=20&Page=0",
        url="https://content.twilio.com/v1/Content?PageSize=20&Page=0",
    )
    assert_conforms("list_content", read_results)
    assert_conforms("content_approval_fetch", GET_APPROVAL)
    assert_conforms("content_approval_create", CREATE_APPROVAL)


def test_examples_have_every_spec_field():
    extract = json.loads(CONTENT_SCHEMAS_PATH.read_text(encoding="utf-8"))
    components = extract["components"]["schemas"]
    assert set(CREATE) == set(components["content.v1.content"]["properties"])
    assert set(GET_APPROVAL) == set(components["content.v1.content.approval_fetch"]["properties"])
    assert set(CREATE_APPROVAL) == set(
        components["content.v1.content.approval_create"]["properties"])
    assert set(READ_EMPTY["meta"]) == set(
        extract["schemas"]["list_content"]["properties"]["meta"]["properties"])


def test_content_dates_are_iso_8601_not_rfc_2822():
    assert conformance_errors("content", {**CREATE, "date_created": "Thu, 30 Jul 2015 "
                                          "19:00:00 +0000"}) == [
        "$.date_created: 'Thu, 30 Jul 2015 19:00:00 +0000' is not a 'date-time'"]
    assert conformance_errors("content", {**CREATE, "date_updated": "2015-07-30T19:00:00.5Z"})


def test_content_fields_closed_at_the_top_and_open_inside():
    assert conformance_errors("content", {**CREATE, "status": "approved"}) == [
        "$: Additional properties are not allowed ('status' was unexpected)"]
    # types, variables, links and whatsapp are free objects in the spec.
    assert_conforms("content", {**CREATE, "links": {**CREATE["links"], "other": "x"}})
    assert_conforms("content_approval_fetch", {
        **GET_APPROVAL, "whatsapp": {**GET_APPROVAL["whatsapp"], "flows": None}})
    assert conformance_errors("content", {**CREATE, "types": []}) == [
        "$.types: [] is not of type 'object', 'null'"]
    assert conformance_errors("content", {**CREATE, "sid": "HX1"})


def test_content_list_meta_closed():
    listed = copy.deepcopy(READ_EMPTY)
    listed["meta"]["previous_page_uri"] = None  # the 2010 spelling
    listed["end"] = 0
    text = "\n".join(conformance_errors("list_content", listed))
    assert "$: Additional properties are not allowed ('end'" in text
    assert "$.meta: Additional properties are not allowed ('previous_page_uri'" in text


def test_approval_create_types():
    assert conformance_errors(
        "content_approval_create", {**CREATE_APPROVAL, "allow_category_change": "true"}) == [
        "$.allow_category_change: 'true' is not of type 'boolean', 'null'"]


# --- the extraction tool's Content source --------------------------------------------------

def _tiny_content_spec() -> dict:
    obj = {"type": "object", "properties": {"sid": {"type": "string", "description": "x"}}}
    item = {"$ref": "#/components/schemas/content.v1.content"}
    listed = {"type": "object", "title": "ListContentResponse",
              "properties": {"contents": {"type": "array", "items": item}}}
    return {
        "components": {"schemas": {
            "content.v1.content": obj, "content.v1.content.approval_fetch": obj,
            "content.v1.content.approval_create": obj, "types": {"type": "object"}}},
        "paths": {"/v1/Content": {"get": {"responses": {"200": {
            "content": {"application/json": {"schema": listed}}}}}}},
    }


def test_tool_reads_a_content_spec_file_with_its_source(tmp_path):
    tool = _load_tool()
    spec = tmp_path / "twilio_content_v1.json"
    spec.write_text(json.dumps(_tiny_content_spec()), encoding="utf-8")
    (tmp_path / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        tool.build_content_extract(spec)
    (tmp_path / "SOURCE.txt").write_text(f"commit {'1' * 40}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="does not name spec/json/twilio_content_v1.json"):
        tool.build_content_extract(spec)
    (tmp_path / "SOURCE.txt").write_text(
        f"commit {'1' * 40}: spec/json/twilio_content_v1.json\n", encoding="utf-8")
    extract = tool.build_content_extract(spec)
    assert extract["_source"] == f"twilio/twilio-oai@{'1' * 40} spec/json/twilio_content_v1.json"
    assert sorted(extract["schemas"]) == [
        "content", "content_approval_create", "content_approval_fetch", "list_content"]
    # Only what the kinds reach ("types" is not), without descriptions.
    assert extract["components"]["schemas"]["content.v1.content"] == {
        "type": "object", "properties": {"sid": {"type": "string"}}}
    assert "types" not in extract["components"]["schemas"]
    with pytest.raises(ValueError, match="expected twilio_content_v1.json or a twilio-oai"):
        tool.read_content_spec(tmp_path / "other.json")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_tool_reads_a_twilio_oai_repository_at_head(tmp_path):
    tool = _load_tool()
    (tmp_path / "spec" / "json").mkdir(parents=True)
    (tmp_path / "spec" / "json" / "twilio_content_v1.json").write_text(
        json.dumps(_tiny_content_spec()), encoding="utf-8")
    (tmp_path / "LICENSE").write_text("MIT License\n", encoding="utf-8")

    def git(*args):
        return subprocess.run(["git", "-C", str(tmp_path), "-c", "user.name=t", "-c",
                               "user.email=t@example.com", *args], check=True,
                              capture_output=True, text=True).stdout.strip()
    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "spec")
    extract = tool.build_content_extract(tmp_path)
    assert extract["_source"] == (
        f"twilio/twilio-oai@{git('rev-parse', 'HEAD')} spec/json/twilio_content_v1.json")
    assert extract["_license"] == "MIT License"
    # The committed text, not the work tree: an edit not committed is not read.
    (tmp_path / "spec" / "json" / "twilio_content_v1.json").write_text("{}", encoding="utf-8")
    assert tool.build_content_extract(tmp_path) == extract


def test_tool_looks_beside_the_other_specs_then_for_a_mirror(tmp_path):
    tool = _load_tool()
    candidates = tool.content_spec_candidates(tmp_path)
    assert candidates[0] == tmp_path / "twilio_content_v1.json"
    assert all(str(c).endswith(".mirror/twilio+twilio-oai/repo") for c in candidates[1:])
    (tmp_path / "twilio_content_v1.json").write_text("{}", encoding="utf-8")
    assert tool.find_content_spec(tmp_path) == tmp_path / "twilio_content_v1.json"
