"""What a passage of a card must say to be evidence on an indicator: the sentence patterns of the Hub collector.

Each pattern is paired in tests with sentences it must not take (``tests/test_hf_sentences.py``): inference
hardware is not training hardware, a citation year is not a release date, a pointer to a paper is not an
evaluation result, "not intended for" is not an intended use.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

_I = re.IGNORECASE

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
#: A date with at least a month: 2024-05-20, 2024.05.20, 20/05/2024, May 20, 2024, 20 May 2024, May 2024, 2024-05.
DATE = re.compile(
    rf"\b(?:\d{{4}}[-./]\d{{1,2}}[-./]\d{{1,2}}|\d{{1,2}}[-./]\d{{1,2}}[-./]\d{{4}}"
    rf"|{_MONTH}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}"
    rf"|\d{{4}}[-/.](?:0[1-9]|1[0-2])(?![-/.]?\d))\b",
    _I,
)
RELEASE_WORDS = re.compile(
    r"\b(?:releas\w*|open[- ]?sourc\w*|launch\w*|publish\w*|made (?:publicly )?available|upload\w*|announc\w*"
    r"|introduc\w*|debut\w*|first version)\b",
    _I,
)
#: Where a date is not the model's release: a citation, a paper, a dataset, a training period, a cutoff.
NOT_RELEASE = re.compile(
    r"\byear\s*=|arxiv|preprint|proceedings|\bpaper\b|conference|cutoff|cut-off|knowledge|\bdataset\b|trained between"
    r"|training (?:started|ended|took place)|licen[cs]e",
    _I,
)
#: A release statement: a date next to a release word ("released on 2023-05-04", "[2024.05.20] We open-source").
RELEASE = re.compile(
    rf"{RELEASE_WORDS.pattern}[^\n]{{0,80}}?{DATE.pattern}|{DATE.pattern}[^\n]{{0,80}}?{RELEASE_WORDS.pattern}", _I
)

_ACCELERATOR = (
    r"(?:(?:NVIDIA|Nvidia|AMD|Google|Intel|Habana)\s+)?(?:(?:Tesla\s+)?(?:A|H|V|P|L|K|B|GH)\d{2,4}[A-Za-z]*"
    r"(?:[\s-]?(?:80|40|32|24|16|12)\s?GB)?|T4|RTX\s?(?:A?\d{4}\w*)|GTX\s?\d{3,4}\w*|Titan\s?\w+|Quadro\s?\w+"
    r"|TPU\s?v\d\w*(?:[- ]\d+)?|TPUv\d\w*(?:[- ]\d+)?|Cloud TPUs?|TPU pods?|Gaudi\s?\d?|Trainium\d?|Inferentia\d?"
    r"|MI\d{3}\w?|IPUs?|DGX\s?\w*)"
)
#: An accelerator named by model ("A100", "TPU v3-8", "RTX 3090"), or a number of GPUs, TPUs or nodes.
HARDWARE = re.compile(
    rf"\b{_ACCELERATOR}(?![\w-])|\b\d[\d,]*\s*(?:x\s*)?(?:{_ACCELERATOR}\s*)?(?:GPUs?|TPUs?|nodes|accelerators|chips)\b",
    _I,
)
TRAINING = re.compile(r"\b(?:pre-?|re-?|fine-?)?train(?:ed|ing)?\b|\bfine-?tun\w*|\bfinetun\w*", _I)
#: Where hardware is what runs the model, not what trained it.
INFERENCE = re.compile(
    r"\binferenc\w*|\bVRAM\b|\brun(?:s|ning)? (?:it|the model|on (?:a|your|consumer))|\bdeploy\w*|\bserv(?:e|ing)\b"
    r"|\bload(?:ed|ing)? (?:the|this|in)|\bquantiz\w*|\bminimum\b|\brequire\w*|\bmemory\b",
    _I,
)

_EMAIL = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # starts only at a token's start: linear time
#: A way to send feedback: an e-mail address, "contact us", "open an issue", "join our Discord", ...
FEEDBACK = re.compile(
    r"(?:(?:provide|give|send|share|submit|leave|welcome)\s+(?:us\s+)?(?:your\s+|any\s+)?(?:feedback|comments|suggestions)"
    r"|feedback\s+(?:form|channel|is (?:very |always )?welcome|or comments)"
    r"|report(?:ing)?\s+(?:a\s+|any\s+|security\s+)?(?:issues?|bugs?|problems?|vulnerabilit\w*|risks?|concerns?)"
    r"|reach (?:out|us)|contact (?:us|me|the (?:authors?|developers?|team|maintainers?))|get in touch"
    r"|join (?:us|our)\b[^.\n]{0,40}(?:discord|slack|community|forum|wechat|telegram)|\bour (?:discord|slack)\b"
    r"|(?:open|file|raise|submit|create) an? (?:github )?issue|issues? (?:page|tracker|section)"
    r"|discord\.gg/|discord\.com/invite|leave (?:us )?an? (?:message|comment|note)"
    r"|(?:questions|comments|suggestions|problems)[^.\n]{0,80}"
    r"(?:contact|e-?mail|reach|send|write to|let (?:us|me) know)"
    rf"|{_EMAIL})",
    _I,
)
#: What a "Contact" section or field must hold to be a channel: an address, a link, a handle, or how to get in touch.
CHANNEL = re.compile(
    rf"{_EMAIL}|https?://|\]\(|(?<!\w)@\w|\b(?:discord|slack|github|issues?|forum|form|discussions?|wechat|telegram)\b",
    _I,
)
#: A contact that is a sales pitch, not a channel for feedback on the model.
SALES = re.compile(
    r"learn more about our|our (?:solutions|products|services)|business (?:inquiries|enquiries)|\bhire\b|consulting",
    _I,
)
# "^[^\S\n]*@": an entry's leading spaces stay on its line ("^\s*@" would rescan a run of blank lines from each).
BIBTEX = re.compile(r"^[^\S\n]*@\w+\{|=\s*[{\"]", re.MULTILINE)

#: A score: a decimal number or a percentage (links and years are not scores; see :func:`collector.hf.prose.plain`).
SCORE = re.compile(r"(?<![\w.])\d{1,3}\.\d+\b|(?<![\w.])\d{1,3}(?:\.\d+)?\s?%|(?<![\w.,])\d{1,2},\d{1,2}(?![\d,])", _I)
#: A sentence reporting a result: "achieves 92.3% accuracy", "an F1 score of 0.89", "WER of 5.2".
_NUMBER_SCORE = r"(?:\d+(?:\.\d+)?\s?%|(?<![\w.])\d{1,3}\.\d+(?![\w.])|(?<![\w.,])\d{1,2},\d{1,2}(?![\d,]))"
#: A sentence reporting a result: "achieves 92.3% accuracy", "an F1 score of 0.89", "WER of 5.2".
RESULT = re.compile(
    rf"\b(?:achiev\w*|obtain\w*|reach\w*|scor\w*|gets?|attain\w*|results? (?:in|of))\b[^\n]{{0,100}}?{_NUMBER_SCORE}"
    r"|\b(?:accuracy|f1|bleu|wer|cer|rouge-?\w*|perplexity|exact match|auc|mAP|precision|recall|top-?1|f-score)\b"
    rf"[^\n]{{0,30}}?(?:\bof\b|\bis\b|=|:)\s*\**{_NUMBER_SCORE}",
    _I,
)
#: Numbers in a sentence that are a data filter or a threshold, not a result.
NOT_RESULT = re.compile(r"filter\w*|threshold|[<>]=?\s*`?\d", _I)
#: The Hub's note on cards it wrote for a model: a disclaimer about the card, not a limitation of the model.
CARD_DISCLAIMER = re.compile(r"did not write a model card|model card (?:has been|was) written by", _I)
#: A training configuration's device count: "ngpu: 4", "num_devices: 8" (configs are often in code blocks).
DEVICE_COUNT = re.compile(r"^[ \t]*(?:-[ \t]*)?(?:ngpu|n_gpus?|num_gpus|num_devices)[ \t]*:[ \t]*[1-9]\d*[ \t]*$", re.M)
#: A word naming a metric, so a number next to it is a score and not a setting.
METRIC = re.compile(
    r"\b(?:metrics?|benchmarks?|acc(?:uracy)?|f1|f-?score|bleu|rouge\w*|wer|cer|loss|precision|recall|exact|em|auc|map|score|scores"
    r"|perplexity|ppl|fid|clip|pass@\d+|mmlu|win rate|correlation|pearson|spearman|mae|mse|rmse|top-?[15]|iou|miou"
    r"|dice|meteor|chrf|ter|sacrebleu|matthews|kappa|r2|ndcg|mrr|recall@\d+|sari|bertscore|gsm8k|hellaswag|arc)\b",
    _I,
)

#: The trainer's placeholder for a dataset it was not told: "on the None dataset", "on an unknown dataset".
NO_DATASET = re.compile(r"\b(?:None|unknown)\s+dataset\b", _I)
#: The data a model was trained on: "trained on the IMDB dataset", "pretrained on a corpus of", "fine-tuned
#: version of X on the emotion dataset" (but not "on the None dataset", the trainer's empty value).
_TRAINED = r"\b(?:pre-?trained|trained|fine-?tuned|finetuned|distilled|fine-?tuning|further training|pre-?training)\b"
_DATA_WORD = (
    r"\b(?:datasets?|corpus|corpora|data|texts|tweets|articles|reviews"
    r"|images|Wikipedia|Common ?Crawl|books|news|papers|conversations|dialogues|recordings|speech|code|samples"
    r"|treebanks?|imagery|photos|pairs)\b"
)


class Anchored:
    """A pattern tried only where it can match: at a match of ``anchor`` (the words it starts with) that has a
    match of ``needed`` (a word it must reach) starting at most ``reach`` characters on.

    A pattern such as "trained ... on ... dataset", with two bounded spans, is linear but costly: from each
    "trained" it tries every "on" in its first span, and from each "on" every position of its second.  A card that
    repeats "trained on the using with from" without a data word makes that thousands of steps per character.
    Here the data words are found once, in one pass, and the pattern runs only where one is in reach.  Matches are
    those of ``pattern.finditer`` (a needed word further than ``reach`` would take a run of spaces of hundreds of
    characters in the pattern's ``\\s+``).
    """

    def __init__(self, pattern: re.Pattern[str], anchor: re.Pattern[str], needed: re.Pattern[str], reach: int):
        self.pattern, self.anchor, self.needed, self.reach = pattern, anchor, needed, reach

    def search(self, text: str) -> re.Match[str] | None:
        return next(self.finditer(text), None)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        end = len(text) if endpos is None else min(endpos, len(text))
        needed = [m.start() for m in self.needed.finditer(text, pos, min(len(text), end + self.reach))]
        position = pos
        for anchor in self.anchor.finditer(text, pos, end):
            if anchor.start() < position:
                continue  # inside the previous match
            index = bisect.bisect_left(needed, anchor.end())
            if index == len(needed) or needed[index] > anchor.start() + self.reach:
                continue
            found = self.pattern.match(text, anchor.start(), end)
            if found is not None:
                yield found
                position = found.end()


TRAINED_ON = Anchored(
    re.compile(
        rf"{_TRAINED}[^\n]{{0,160}}?\b(?:on|using|with|from)\s+(?!(?:the\s+)?None\s+dataset)"
        rf"[^\n]{{0,200}}?{_DATA_WORD}",
        _I,
    ),
    re.compile(_TRAINED, _I),
    re.compile(_DATA_WORD, _I),
    reach=600,
)

_TASK_WORDS = (
    r"(?:tasks?|classif(?:y|ies|ying|ication|ier)|detect(?:s|ing|ion|or)?|generat(?:e|es|ing|ion)|translat(?:e|es|ing|ion)"
    r"|summari[sz](?:e|es|ing|ation)|recogni(?:ze|zes|zing|se|sing|tion)|answer(?:s|ing)?|segment(?:s|ing|ation)?"
    r"|transcri(?:be|bes|bing|ption)|predict(?:s|ing|ion)?|extract(?:s|ing|ion)?|tagg(?:ing|er)|pars(?:e|es|ing|er)"
    r"|chat(?:bots?)?|dialog(?:ue|ues|s)?|conversations?|conversational|embed(?:s|ding|dings)?|retriev(?:e|al|ing)"
    r"|search(?:ing)?|caption(?:s|ing)?|analy(?:sis|se|ze|zing|sing)|identif(?:y|ying|ication)|completion|assistants?"
    r"|correct(?:ion|ing)|paraphras(?:e|ing)|ranking|re-?ranking|similarity|synthes(?:is|ize|izing)|speech"
    r"|restor(?:e|ation)|upscal(?:e|ing)|inpainting)\b"
)
#: A statement of what the model is for: "intended for", "can be used for", "designed to classify".
PURPOSE = re.compile(
    r"\b(?:is|are|was|were)\s+(?:primarily\s+|mainly\s+|only\s+|solely\s+)?intended\s+(?:to\s+be\s+used\s+)?(?:for|to|as)\b"
    r"|\b(?:can|could|may)\s+be\s+used\s+(?:for|to|as|in)\b"
    r"|\b(?:you|one|users?)\s+can\s+use\s+(?:this|the|it|our)\b[^.\n]{0,60}?\b(?:for|to)\b"
    rf"|\b(?:designed|built|developed|created|trained|fine-?tuned|finetuned|optimi[sz]ed|meant|specialized)\s+"
    rf"(?:specifically\s+|primarily\s+)?(?:for|to)\s+(?:\w+[\s-]+){{0,3}}?{_TASK_WORDS}"
    r"|\bintended\s+(?:use|purpose)s?\s+(?:is|are|of|include)\b|\buse[- ]cases?\s+(?:include|are|is)\b"
    r"|\bfor\s+(?:research|educational|academic|non-?commercial)\s+(?:purposes|use)\b"
    rf"|\b(?:model|checkpoint|system|pipeline)s?\s+(?:for|that\s+(?:can\s+)?)(?:\w+[\s-]+){{0,4}}?{_TASK_WORDS}"
    r"|\bmodel\s+of\s+an?\s+[^.\n]{0,40}?\bagent\s+playing\b|\bready\s+to\s+(?:be\s+)?use[d]?\s+(?:for|to|as)\b"
    r"|\b(?:can|could)\s+be\s+(?:fine-?tuned|adapted|applied)\b[^.\n]{0,80}?\b(?:for|to)\b"
    r"|\buse\s+(?:this|the|our)\s+model\s+(?:to|for)\s+(?!commercial)"
    rf"|\b{_TASK_WORDS}\s+(?:model|pipeline|system|tagger|classifier)\b"
    r"|\b(?:tagger|classifier|detector|parser|recogni[sz]er|translator|summari[sz]er|generator|segmenter)\s+"
    r"(?:for|trained|that)\b",
    _I,
)
#: A title that names a task: "Sentiment Analysis with huBERT", "BLOOM fine-tuned on ToTTo for Table-to-text".
TASK_TITLE = re.compile(
    r"\b(?:sentiment|named[- ]entity|entity recognition|\bNER\b|part[- ]of[- ]speech|\bPOS\b|question[- ]answering"
    r"|question generation|translation|summari[sz]ation|classification|speech recognition|\bASR\b|\bTTS\b"
    r"|text[- ]to[- ](?:speech|image|text)|table[- ]to[- ]text|image[- ]to[- ]\w+|diarization|detection|segmentation"
    r"|paraphras\w*|captioning|tagg(?:er|ing)|parsing|spell(?:ing)? correct\w*|punctuation|emotion recognition)\b",
    _I,
)
#: A warning against some use: "not intended for", "should not be used", "out of scope", "non-commercial use only".
AGAINST_USE = re.compile(
    r"\bout[- ]of[- ](?:this\s+|its\s+)?scope\b|\bout of (?:this|its|the) scope\b"
    r"|\b(?:is|are|was|were)\s+not\s+(?:intended|designed|meant|suitable|suited|appropriate|recommended|built|fit)\b"
    r"|\bnot\s+(?:be\s+)?(?:intended|designed|meant|suitable|suited|appropriate|recommended)\s+(?:for|to|as)\b"
    r"|\bunsuitable\s+for\b|\bnot\s+a\s+substitute\s+for\b"
    r"|\b(?:should|must|may|can|shall)(?:\s+not|n't|not)\s+be\s+(?:used|deployed|relied|applied)\b"
    r"|\b(?:should|must|can|may)\s+only\s+be\s+used\b|\b(?:must|shall|may)\s+not\s+(?:use|generate|create|deploy)\b"
    r"|\b(?:do|does|should)\s+not\s+(?:use|recommend|deploy|rely)\b|\b(?:don't|doesn't|never)\s+(?:use|recommend|rely)\b"
    r"|\bwe\s+(?:strongly\s+)?(?:recommend|advise|caution)\s+against\b|\bavoid\s+using\b"
    r"|\bnon-?commercial\s+(?:use|purposes|research|applications)\b|\b(?:research|academic)\s+(?:purposes?\s+|use\s+)?only\b"
    r"|\b(?:use|usage|using|uses)\b[^.\n]{0,40}?\b(?:is|are)\s+(?:strictly\s+)?(?:prohibited|forbidden|not\s+permitted"
    r"|not\s+allowed)\b|\b(?:prohibited|forbidden|not\s+(?:permitted|allowed))\s+(?:to\s+(?:be\s+)?use|from\s+(?:\w+\s+)?use"
    r"|for\b)"
    r"|\bnot\s+for\s+(?:commercial|production|clinical|medical|real-world)\b|\bmisuse\b",
    _I,
)
#: The card template's own instructions, left in place: they describe what a section is for, not the model.
TEMPLATE_TEXT = re.compile(r"^\s*(?:this|the following) section\b|\bsection of the model card\b", _I)
#: A statement of a limitation: "the model may produce", "performs poorly on", "has limitations".
LIMITATION = re.compile(
    r"\b(?:model|it|outputs?|predictions?|generations?|results?)\s+(?:may|might|could|is\s+likely\s+to|tends?\s+to"
    r"|can\s+sometimes|sometimes|will\s+(?:likely|often|sometimes))\s+(?:also\s+)?(?:not\s+|still\s+)?"
    r"(?:produce|generate|output|reflect|contain|include|exhibit|amplify|perpetuate|reproduce|hallucinat\w*"
    r"|be\s+(?:biased|inaccurate|unreliable|wrong|incorrect|offensive|harmful|toxic|limited)|perform\s+(?:poorly|worse)"
    r"|fail|struggle|make\s+mistakes|work\s+(?:well|as\s+well))"
    r"|\bmay\s+not\s+(?:generali[sz]e|work\s+well|perform\s+well|be\s+(?:accurate|reliable|suitable|robust))"
    r"|\b(?:is|are)\s+(?:not|less)\s+(?:accurate|reliable|robust)\b|\bhallucinat\w*|\bnot\s+(?:perfect|always\s+accurate)\b"
    r"|\b(?:can(?:not|'t)|does\s+not|doesn't|is\s+(?:not|un)able\s+to)\s+(?:reliably\s+|always\s+|properly\s+)?"
    r"(?:handle|understand|generate|produce|render|recogni[sz]e|follow|distinguish|work)\b"
    r"|\b(?:has|have)\s+(?:some\s+|several\s+|many\s+|known\s+|certain\s+|significant\s+)?"
    r"(?:limitations|biases|shortcomings|weaknesses)\b|\b(?:has|have|does\s+not\s+have)\s+(?:no|any)\s+"
    r"(?:moderation|safety|guardrails?|content\s+filter)\w*"
    r"|\b(?:reflects?|contains?|inherits?|amplif\w*|perpetuat\w*|exhibits?|shows?)\s+(?:\w+\s+){0,3}?"
    r"(?:biases|stereotypes)\b|\b(?:was|were)\s+(?:only\s+)?trained\s+(?:only\s+)?on\s+(?:a\s+)?(?:small|limited)\b"
    r"|\bperforms?\s+(?:poorly|worse|badly)\b|\bstruggles?\s+(?:with|to)\b|\blimitations?\s+(?:of|include|are)\b"
    r"|\b(?:biases|bias)\s+(?:present|inherent|in\s+the\s+(?:training\s+)?data|of\s+the\s+(?:training\s+)?data)\b",
    _I,
)
_DIGITS_ONLY = re.compile(r"^[\d\s.,:%|-]+$")


def is_score_line(plain_line: str) -> bool:
    """A line (links already removed) that reports a score: a decimal or a percentage in a table row, next to a
    metric's name, or as a "name: value" pair; not numbers alone, such as the settings of a run."""
    if not SCORE.search(plain_line) or BIBTEX.search(plain_line):
        return False
    in_table = plain_line.count("|") >= 2 or plain_line.lstrip().startswith("<td")
    return in_table or bool(METRIC.search(plain_line)) or bool(re.search(r":\s*\**\d", plain_line))


def is_digits_only(text: str) -> bool:
    return bool(_DIGITS_ONLY.match(text))
