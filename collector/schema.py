"""The file formats: scorecards, rubrics, reference vocabularies and declared vendor sources.

These pydantic models are the single source of truth for what a valid file
looks like.  The JSON Schemas that editors use are generated from them
(``scorecards schema``), and every rule here is explained in its error message,
because the people who break these rules are contributors in a web editor.

Checks that need more than one file (does the rubric exist, is the quote in the
archived page) live in :mod:`collector.checks`.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from collector.docs.addresses import host_refusal

SCHEMA_VERSION = 1

SLUG_PATTERN = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$"
# The Hub's naming rules (collector/hf/names.py): a part may start or end with "_" but not with "." or "-".
_HUB_PART = r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?"
HUB_REPO_PATTERN = rf"^{_HUB_PART}/{_HUB_PART}$"
HUB_NAMESPACE_PATTERN = rf"^{_HUB_PART}$"
_SLUG_RE = re.compile(SLUG_PATTERN)


def _parse_date(value: Any) -> Any:
    """Accept a YAML date or an ISO ``YYYY-MM-DD`` string, nothing else.

    pydantic's lax mode would read ``20240101`` as a Unix timestamp; a
    contributor who types that means a date, and should be told how to write it.
    """
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date like 2025-01-31, without a time")  # noqa: TRY004 (pydantic reports ValueError, not TypeError, as a validation error)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a real calendar date") from None
    raise ValueError(f"expected a date like 2025-01-31, got {value!r}")


_HTTP_URL = re.compile(
    r"https?://([^/?#\s@]*@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+|localhost)(:\d{1,5})?([/?#]\S*)?"
)


def _check_http_url(value: str) -> str:
    if _HTTP_URL.fullmatch(value):
        return value
    if any(ch.isspace() for ch in value):
        raise ValueError("a URL cannot contain spaces; encode them as %20")
    if urlsplit(value).scheme not in {"http", "https"}:
        raise ValueError(f"expected an http(s) URL like https://example.com/page, got {value!r}")
    raise ValueError(f"the URL {value!r} has no valid host name")


def _check_public_url(value: str) -> str:
    """A document to fetch must be on a public address: the collector archives what it reads, in public."""
    host = urlsplit(value).hostname or ""
    why = host_refusal(host)
    if why is not None:
        raise ValueError(
            f"the URL {value!r} points at {host}, {why}: the collector fetches public addresses only; "
            "give the document's public URL"
        )
    return value


_CONTROL_CHAR = re.compile(r"[\x00-\x1f\x7f-\x9f]")


# Anything the checks below refuse: a control character, a backslash, or an empty, "." or ".." part.
_SUSPECT_ARCHIVE_REF = re.compile(r"[\x00-\x1f\x7f-\x9f\\]|(?:^|/)\.{0,2}(?:/|$)")


def _check_archive_ref(value: str) -> str:
    if _SUSPECT_ARCHIVE_REF.search(value) is None:  # every evidence item has one: one search settles most
        return value
    control = _CONTROL_CHAR.search(value)
    if control is not None:
        # A NUL byte would crash every later open() with "embedded null byte"; a newline would split
        # the path in logs and workflow outputs.  No real file name under archive/ holds either.
        raise ValueError(
            f"the path contains the control character {control.group()!r} at position {control.start() + 1}; "
            "expected a path inside archive/, like huggingface.co/org/model/README.md"
        )
    if value.startswith("/") or "\\" in value or any(part in {"", ".", ".."} for part in value.split("/")):
        raise ValueError(
            "expected a path inside archive/, like huggingface.co/org/model/README.md (no '..', no leading '/')"
        )
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_parse_date), Field(json_schema_extra={"format": "date"})]
HttpUrl = Annotated[
    str,
    StringConstraints(max_length=2048, pattern=r"^https?://"),
    AfterValidator(_check_http_url),
    Field(json_schema_extra={"format": "uri"}),
]
#: A URL the document collector fetches: on a public address, as far as the URL alone tells.
PublicHttpUrl = Annotated[HttpUrl, AfterValidator(_check_public_url)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
HubRepoId = Annotated[str, StringConstraints(pattern=HUB_REPO_PATTERN, max_length=200)]
HubNamespace = Annotated[str, StringConstraints(pattern=HUB_NAMESPACE_PATTERN, max_length=100)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=5000)]
# The longest shipped quote is 4,899 characters (the importers clip at 4,900): a longer one is not a quote
# of a passage but a copy of a document, and it would make every search of the archive for it slow.
MAX_QUOTE_CHARS = 5000
QuoteText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_QUOTE_CHARS)]
ArchiveRef = Annotated[str, StringConstraints(max_length=500), AfterValidator(_check_archive_ref)]


class Strict(BaseModel):
    """Base for every file model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- scorecards


class Status(StrEnum):
    DISCLOSED = "disclosed"
    PARTIAL = "partial"
    NOT_DISCLOSED = "not-disclosed"
    NOT_ASSESSED = "not-assessed"


class Access(StrEnum):
    OPEN_WEIGHTS = "open-weights"
    GATED_WEIGHTS = "gated-weights"
    API_ONLY = "api-only"
    CLOSED = "closed"


class Modality(StrEnum):
    TEXT = "text"
    CODE = "code"
    IMAGE = "image"
    AUDIO = "audio"
    VIDEO = "video"
    THREE_D = "3d"
    TABULAR = "tabular"
    ACTION = "action"
    OTHER = "other"


class SubjectKind(StrEnum):
    MODEL = "model"
    DEVELOPER = "developer"


class ClaimSource(StrEnum):
    PERSON = "person"
    COLLECTOR = "collector"
    IMPORT = "import"


class Links(Strict):
    """Where the subject lives and is documented."""

    huggingface: HubRepoId | None = Field(None, description="Hub repo id, e.g. meta-llama/Llama-3.1-8B-Instruct")
    homepage: HttpUrl | None = None
    model_card: HttpUrl | None = None
    paper: HttpUrl | None = None
    repository: HttpUrl | None = None
    license: HttpUrl | None = None
    documentation: list[HttpUrl] = Field(default_factory=list, max_length=20)


class Subject(Strict):
    """What is being assessed: a model, or a developer through its flagship model."""

    id: Slug = Field(description="Stable identifier; must equal the file name without .yaml")
    name: ShortText
    kind: SubjectKind = SubjectKind.MODEL
    developer: ShortText
    flagship_model: ShortText | None = Field(None, description="For kind: developer, the model the rating is based on")
    release_date: IsoDate | None = None
    modalities: list[Modality] = Field(default_factory=list, max_length=len(Modality))
    access: Access | None = Field(
        None, description="How the model is available; leave it out for a developer, or when no source says"
    )
    base_model: ShortText | None = Field(
        None, description="Subject id or Hub repo id of the model this one derives from"
    )
    description: Annotated[str, StringConstraints(max_length=1000)] | None = None
    links: Links = Field(default_factory=Links)
    identity_note: Annotated[str, StringConstraints(min_length=1, max_length=1000)] | None = Field(
        None,
        description="Why the Hub repository's name differs from the model's in size, version or variant "
        "(e.g. the repository was renamed); without it such a link is an error",
    )


class Evidence(Strict):
    """One piece of checkable evidence: where, what it says, and when it was read."""

    url: HttpUrl
    quote: QuoteText = Field(description="Verbatim text from the source; use '...' to elide")
    retrieved: IsoDate
    archive: ArchiveRef | None = Field(None, description="Stored copy of the source, relative to archive/")
    locator: ShortText | None = Field(
        None, description="Section, page or field where the quote is, e.g. 'Training Data'"
    )
    original: HttpUrl | None = Field(
        None,
        description="When `url` is a copy (e.g. a Hub card committed to a GitHub repository), the page it copies",
    )
    gone: bool = Field(
        False,
        description="The source (its original, when one is given) no longer exists upstream; the archived copy "
        "is what stands for it",
    )


class SearchedDocument(Strict):
    """A document an assessor read, for a claim that it does not disclose something."""

    url: HttpUrl = Field(description="The document as read, pinned to its version where it has one")
    archive: ArchiveRef | None = Field(None, description="Its stored copy, relative to archive/")
    title: ShortText | None = None


# Words that name no one: a review recorded under them is no review.
PLACEHOLDER_REVIEWERS = frozenset(
    {
        "initial-curation",
        "curation",
        "curator",
        "curators",
        "reviewer",
        "reviewers",
        "maintainer",
        "maintainers",
        "team",
        "staff",
        "admin",
        "unknown",
        "anonymous",
        "anon",
        "someone",
        "nobody",
        "none",
        "null",
        "n-a",
        "na",
        "todo",
        "tbd",
        "tba",
        "x",
        "xx",
        "xxx",
        "test",
        "example",
        "placeholder",
        "me",
        "user",
        "github",
        "bot",
    }
)
REVIEWER_PATTERN = r"^@?[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$"


def _check_reviewer(value: str) -> str:
    if not re.fullmatch(REVIEWER_PATTERN, value):
        raise ValueError(
            f"expected the reviewer's GitHub handle, like @octocat, got {value!r}; a review is recorded by the "
            "person who checked the claim against its sources"
        )
    if value.lstrip("@").lower() in PLACEHOLDER_REVIEWERS:
        raise ValueError(
            f"{value!r} names no one: a review needs the handle of the person who checked the claim; leave "
            "reviewed_by out while nobody has"
        )
    return value


ReviewerHandle = Annotated[str, StringConstraints(max_length=40), AfterValidator(_check_reviewer)]


class Provenance(Strict):
    """Who wrote a claim, and, as a separate fact, who checked it against its sources and when."""

    source: ClaimSource
    by: ShortText = Field(
        description="Who wrote the claim: a person's handle, a curation pass, a collector id, or an imported dataset"
    )
    reviewed_by: ReviewerHandle | None = Field(
        None, description="The GitHub handle of the person who checked the claim against its sources"
    )
    reviewed_on: IsoDate | None = None
    inherited_from: ShortText | None = Field(
        None, description="Set when the evidence is the base model's documentation, not this model's own"
    )

    @model_validator(mode="after")
    def _review_is_complete(self) -> Provenance:
        if (self.reviewed_by is None) != (self.reviewed_on is None):
            raise ValueError("reviewed_by and reviewed_on go together: give both, or neither")
        return self

    @property
    def reviewed(self) -> bool:
        """A second person checked the claim against its sources."""
        return self.reviewed_by is not None

    @property
    def protected(self) -> bool:
        """A claim a person wrote or checked; collectors never overwrite these."""
        return self.source is ClaimSource.PERSON or self.reviewed


class Proposal(Strict):
    """What a collector found that differs from a reviewed claim, kept for a reviewer to accept or reject."""

    status: Status | None = Field(
        None, description="The status the collector would give; none for a lead (a keyword match) to judge"
    )
    evidence: list[Evidence] = Field(default_factory=list, max_length=20)
    note: Annotated[str, StringConstraints(min_length=1, max_length=3000)] | None = None
    by: ShortText
    collected_on: IsoDate


class Claim(Strict):
    """The status of one indicator for one subject, with the evidence behind it."""

    status: Status
    elements: list[Slug] | None = Field(
        None,
        max_length=12,
        description="Under a rubric with checklists: the ids of the indicator's elements the evidence shows; "
        "all of them is disclosed, some is partial, none is not-disclosed",
    )
    evidence: list[Evidence] = Field(default_factory=list, max_length=20)
    searched: list[SearchedDocument] = Field(
        default_factory=list,
        max_length=30,
        description="For not-disclosed (or partial): the documents read without finding the missing information",
    )
    note: Annotated[str, StringConstraints(min_length=1, max_length=3000)] | None = None
    provenance: Provenance
    proposed: Proposal | None = Field(None, description="A collector's differing finding, awaiting review")

    @model_validator(mode="after")
    def _credit_needs_evidence(self) -> Claim:
        if self.status in {Status.DISCLOSED, Status.PARTIAL} and not self.evidence:
            raise ValueError(
                f"status '{self.status.value}' needs at least one evidence item (url, quote, retrieved); add the "
                "evidence, or if you looked and found nothing use not-disclosed (not-assessed if nobody has looked)"
            )
        return self


class JoinKey(StrEnum):
    """Why an imported record is on this page: a strong key, never a shared name."""

    OWN = "own"  # the scorecard was made from this record
    HUGGINGFACE = "huggingface"  # the record names the Hub repository the scorecard tracks
    IDENTITY = "identity"  # a reviewed entry of imports/identities.yaml says they are one model, and why


class SourceRecord(Strict):
    """The imported index's record that an assessment grades: what the index calls the model, and the join key."""

    id: ShortText = Field(description="The record's id in its index (made from its file or row name)")
    name: ShortText = Field(description="The model's name as the index gives it")
    huggingface: HubRepoId | None = Field(None, description="The Hub repository the record names, if any")
    joined_by: JoinKey = Field(description="own, huggingface or identity: the key that put the record on this page")
    dated: IsoDate | None = Field(
        None, description="The record's own date (e.g. when the index's entry was written); not a release date"
    )


class Assessment(Strict):
    """The subject rated under one rubric version on one date."""

    rubric: Slug
    rubric_version: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    date: IsoDate
    summary: Annotated[str, StringConstraints(max_length=2000)] | None = None
    record: SourceRecord | None = Field(None, description="For an imported assessment, the index's record it grades")
    indicators: dict[Slug, Claim] = Field(default_factory=dict)


class Scorecard(Strict):
    """One file in scorecards/: one subject and its assessments, oldest first."""

    schema_version: Literal[1] = Field(description="Version of this file format")
    subject: Subject
    assessments: list[Assessment] = Field(min_length=1)


# ------------------------------------------------------------------ rubrics


class ScoringMethod(StrEnum):
    GRADED = "graded"  # disclosed 1, partial 1/2
    BINARY = "binary"  # disclosed 1; partial is not allowed


class Automation(StrEnum):
    AUTOMATIC = "automatic"
    ASSISTED = "assisted"
    MANUAL = "manual"


class Domain(Strict):
    id: Slug
    name: ShortText
    description: Annotated[str, StringConstraints(max_length=2000)] = ""


class Element(Strict):
    """One piece of information that full credit for an indicator needs."""

    id: Slug
    name: ShortText = Field(description="The checklist line a reader sees, e.g. 'Vocabulary size'")
    test: LongText | None = Field(None, description="When an assessor counts the element as shown")


class Indicator(Strict):
    id: Slug
    domain: Slug
    name: ShortText
    question: LongText
    full_credit: LongText
    partial_credit: LongText | None = None
    automation: Automation = Automation.MANUAL
    automation_notes: Annotated[str, StringConstraints(max_length=2000)] = ""
    keywords: list[ShortText] = Field(default_factory=list, max_length=30)
    crosswalk: dict[Slug, list[Annotated[str, StringConstraints(min_length=1, max_length=200)]]] = Field(
        default_factory=dict
    )
    weight: float = Field(1.0, gt=0, le=100)
    elements: list[Element] = Field(
        default_factory=list,
        max_length=12,
        description="The checklist: what full credit needs; a claim's status follows from the elements it shows",
    )

    def status_for(self, shown: set[str]) -> Status:
        """The status a checklist gives: every element disclosed, some partial, none not-disclosed."""
        wanted = {element.id for element in self.elements}
        if wanted and wanted <= shown:
            return Status.DISCLOSED
        return Status.PARTIAL if shown & wanted else Status.NOT_DISCLOSED


class ChangelogEntry(Strict):
    version: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    date: IsoDate
    summary: LongText


class Scoring(Strict):
    method: ScoringMethod = ScoringMethod.GRADED


class Rubric(Strict):
    """A versioned rubric file in rubrics/<id>/<version>.yaml."""

    id: Slug
    version: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    title: ShortText
    released: IsoDate
    license: ShortText
    description: LongText
    source: HttpUrl | None = None
    attribution: LongText | None = None
    changelog: list[ChangelogEntry] = Field(default_factory=list)
    scoring: Scoring = Field(default_factory=Scoring)
    domains: list[Domain] = Field(min_length=1)
    indicators: list[Indicator] = Field(min_length=1)

    @cached_property
    def indicator_map(self) -> dict[str, Indicator]:
        return {indicator.id: indicator for indicator in self.indicators}

    def indicator(self, indicator_id: str) -> Indicator | None:
        return self.indicator_map.get(indicator_id)

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.version)


class ReferenceItem(Strict):
    id: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    name: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    group: Annotated[str, StringConstraints(max_length=200)] | None = None


class ReferenceVocabulary(Strict):
    """Items of another framework (FMTI, MOF, EU AI Act) that crosswalks point to."""

    id: Slug
    name: ShortText
    url: HttpUrl
    license: ShortText
    attribution: LongText | None = None
    note: LongText | None = None
    items: list[ReferenceItem] = Field(min_length=1)


def is_slug(value: str) -> bool:
    return bool(_SLUG_RE.match(value))


class DocumentKind(StrEnum):
    """What a vendor document is; the site groups documents by kind."""

    SYSTEM_CARD = "system-card"
    MODEL_CARD = "model-card"
    MODEL_DOCUMENTATION = "model-documentation"
    TECHNICAL_REPORT = "technical-report"
    USAGE_POLICY = "usage-policy"
    SAFETY_FRAMEWORK = "safety-framework"
    TRANSPARENCY_REPORT = "transparency-report"
    TERMS = "terms"
    PRIVACY_POLICY = "privacy-policy"
    TRAINING_DATA_POLICY = "training-data-policy"
    OTHER = "other"


def _check_css_selector(value: str) -> str:
    import warnings

    import soupsieve  # imported here: only source files need it, and `validate` of scorecards starts faster

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # deprecated pseudo-classes still work; the selector is what matters
            soupsieve.compile(value)
    except (soupsieve.SelectorSyntaxError, ValueError, TypeError, NotImplementedError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else "not supported"
        raise ValueError(
            f"{value!r} is not a CSS selector ({first_line}); e.g. 'main article' or '.cookie-banner'"
        ) from None
    return value


CssSelector = Annotated[str, StringConstraints(min_length=1, max_length=300), AfterValidator(_check_css_selector)]


class SourceDocument(Strict):
    """One vendor document to watch: fetched, extracted to text and archived when its text changes."""

    id: Slug = Field(description="Stable id within the developer's file; the archive folder is named after it")
    title: ShortText
    kind: DocumentKind
    url: PublicHttpUrl
    previous_urls: list[HttpUrl] = Field(
        default_factory=list,
        max_length=20,
        description="Where the document used to be; evidence citing them still matches",
    )
    select: list[CssSelector] = Field(
        default_factory=list,
        max_length=20,
        description="CSS selectors of the content to keep (default: main, article, body)",
    )
    remove: list[CssSelector] = Field(
        default_factory=list, max_length=50, description="CSS selectors of noise to drop inside the selection"
    )
    models: list[Slug] = Field(
        default_factory=list, max_length=200, description="Subject ids of the models it documents"
    )
    indicators: list[Slug] = Field(
        default_factory=list, max_length=100, description="Indicators it usually supports; suggestions look for these"
    )
    note: LongText | None = None


class SourceList(Strict):
    """A developer's declared documents, in sources/<developer>.yaml."""

    developer: ShortText = Field(description="The developer's name as scorecards write it, e.g. Meta")
    contact: HttpUrl | None = Field(None, description="Where the developer publishes its documentation")
    documents: list[SourceDocument] = Field(min_length=1, max_length=500)


class AttributedRecord(Strict):
    """One record of an imported index, named as ``imports/identities.yaml`` names records."""

    index: Slug = Field(description="The rubric id the import writes, e.g. mof, eosai, fmti")
    record: Slug = Field(description="The id the import gives the record, e.g. griffin")


class Developer(Strict):
    """One organisation (or collaboration) that makes models, with every spelling the sources use for it."""

    id: Slug = Field(description="Stable identifier; also the folder scorecards/<id>/ that holds its scorecards")
    name: ShortText = Field(description="The name the site shows, e.g. Mistral AI")
    aliases: list[ShortText] = Field(
        default_factory=list,
        max_length=50,
        description="Other spellings that name this developer exactly, e.g. Mistral, Cohere AI",
    )
    members: list[Slug] = Field(
        default_factory=list,
        max_length=20,
        description="For a collaboration, the ids of the developers in it that this file also lists",
    )
    hub_namespaces: list[HubNamespace] = Field(
        default_factory=list,
        max_length=50,
        description="Its own Hugging Face Hub namespaces (users or organisations), e.g. meta-llama, facebook; "
        "never a re-uploader's. Matched case-insensitively, as the Hub does",
    )
    records: list[AttributedRecord] = Field(
        default_factory=list,
        max_length=100,
        description="Records of imported indexes that are this developer's although the source names another "
        "developer or none; say why in note",
    )
    homepage: HttpUrl | None = None
    note: Annotated[str, StringConstraints(max_length=1500)] | None = Field(
        None, description="Why spellings were merged (or kept apart) where that is a judgement call"
    )


class IdentityEntry(Strict):
    """A person's reviewed statement that an imported record and a scorecard describe one model."""

    index: Slug = Field(description="The rubric id the import writes, e.g. mof, eosai")
    record: ShortText = Field(description="The record's id, as the assessment's record.id gives it")
    subject: Slug = Field(description="The scorecard's subject id")
    why: LongText = Field(
        description="The evidence that they are one model: the same repository, or the same official name, version "
        "and size in both sources"
    )
    name_difference: Annotated[str, StringConstraints(min_length=1, max_length=1000)] | None = Field(
        None, description="Why the names disagree on size, version or variant although the model is the same"
    )


class DuplicateRecord(Strict):
    """A person's reviewed statement that an index records one model twice: ``record`` is skipped, ``of`` stands."""

    index: Slug = Field(description="The rubric id the import writes, e.g. mof")
    record: ShortText = Field(description="The record that repeats another; the import skips it")
    of: ShortText = Field(description="The record that stands for the model")
    why: LongText = Field(description="The evidence that both records are one model (same repository, name, size)")


class IdentityList(Strict):
    """imports/identities.yaml: reviewed joins of imported records to scorecards, and an index's duplicates."""

    identities: list[IdentityEntry] = Field(default_factory=list, max_length=5000)
    duplicates: list[DuplicateRecord] = Field(default_factory=list, max_length=5000)


class MovedPage(Strict):
    """A scorecard that went away, and where its model went: its page keeps pointing there."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_id: Slug = Field(alias="from", description="The subject id whose page went away")
    to: Slug = Field(description="The subject id that now holds the model")
    why: LongText = Field(description="What happened: merged as a duplicate, split, renamed")


class MovedList(Strict):
    """moved.yaml: pages that went away and where their models went, so readers' links and badges keep working."""

    moved: list[MovedPage] = Field(default_factory=list, max_length=20000)


class DeveloperList(Strict):
    """developers.yaml: the reviewed list of developers and their spellings."""

    developers: list[Developer] = Field(min_length=1, max_length=5000)
