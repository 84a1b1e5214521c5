"""What a passage of a card must say to be evidence on an indicator: the sentence patterns of the Hub collector.

Each pattern is paired in tests with sentences it must not take (``tests/test_hf_sentences.py``): inference
hardware is not training hardware, a citation year is not a release date, a pointer to a paper is not an
evaluation result, "not intended for" is not an intended use.
"""

from __future__ import annotations

import re

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
    r"(?:\s?(?:80|40|32|24|16|12)\s?GB)?|T4|RTX\s?(?:A?\d{4}\w*)|GTX\s?\d{3,4}\w*|Titan\s?\w+|Quadro\s?\w+"
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

_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
#: A way to send feedback: an e-mail address, "contact us", "open an issue", "join our Discord", ...
FEEDBACK = re.compile(
    r"(?:(?:provide|give|send|share|submit|leave|welcome)\s+(?:us\s+)?(?:your\s+|any\s+)?(?:feedback|comments|suggestions)"
    r"|feedback\s+(?:form|channel|is (?:very |always )?welcome|or comments)"
    r"|report(?:ing)?\s+(?:a\s+|any\s+|security\s+)?(?:issues?|bugs?|problems?|vulnerabilit\w*|risks?|concerns?)"
    r"|reach (?:out|us)|contact (?:us|me|the (?:authors?|developers?|team|maintainers?))|get in touch"
    r"|join (?:us|our)\b[^.\n]{0,40}(?:discord|slack|community|forum|wechat|telegram)|\bour (?:discord|slack)\b"
    r"|(?:open|file|raise|submit|create) an? (?:github )?issue|issues? (?:page|tracker|section)"
    r"|(?:questions|comments|suggestions|problems)[^.\n]{0,80}"
    r"(?:contact|e-?mail|reach|send|write to|let (?:us|me) know)"
    rf"|{_EMAIL})",
    _I,
)
#: What a "Contact" section or field must hold to be a channel: an address, a link, a handle, or how to get in touch.
CHANNEL = re.compile(
    rf"{_EMAIL}|https?://|\]\(|@\w|\b(?:discord|slack|github|issues?|e-?mail|forum|form|contact|reach|discussions?)\b",
    _I,
)
BIBTEX = re.compile(r"^\s*@\w+\{|=\s*[{\"]", re.MULTILINE)

#: A score: a decimal number or a percentage (links and years are not scores; see :func:`collector.hf.prose.plain`).
SCORE = re.compile(r"(?<![\w.])\d{1,3}\.\d+\b|(?<![\w.])\d{1,3}(?:\.\d+)?\s?%", _I)
#: A sentence reporting a result: "achieves 92.3% accuracy", "an F1 score of 0.89", "WER of 5.2".
RESULT = re.compile(
    r"\b(?:achiev\w*|obtain\w*|reach\w*|scor\w*|gets?|attain\w*|results? (?:in|of))\b[^.\n]{0,100}?\d"
    r"|\b(?:accuracy|f1|bleu|wer|cer|rouge-?\w*|perplexity|exact match|auc|mAP|precision|recall|top-?1)\b"
    r"[^\n]{0,30}?(?:\bof\b|\bis\b|=|:)\s*\d",
    _I,
)

#: The data a model was trained on: "trained on the IMDB dataset", "pretrained on a corpus of", "fine-tuned
#: version of X on the emotion dataset" (but not "on the None dataset", the trainer's empty value).
TRAINED_ON = re.compile(
    r"\b(?:pre-?trained|trained|fine-?tuned|finetuned|distilled)\b[^\n]{0,160}?\b(?:on|using|with|from)\s+"
    r"(?!(?:the\s+)?None\s+dataset)[^\n]{0,200}?\b(?:datasets?|corpus|corpora|data|texts|tweets|articles|reviews"
    r"|images|Wikipedia|Common ?Crawl|books|news|papers|conversations|dialogues|recordings|speech|code|samples)\b",
    _I,
)

_TASK_WORDS = (
    r"(?:task|classif\w*|detect\w*|generat\w*|translat\w*|summari\w*|recogni\w*|answer\w*|segment\w*|transcri\w*"
    r"|predict\w*|extract\w*|tagg\w*|pars\w*|chat\w*|dialog\w*|convers\w*|embed\w*|retriev\w*|search\w*|caption\w*"
    r"|analy\w*|identif\w*|complet\w*|research\w*|assist\w*|correct\w*|paraphras\w*|rank\w*|similarity|inference"
    r"|synthes\w*|speech|restor\w*|upscal\w*|inpaint\w*)"
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
    rf"|\b(?:model|checkpoint|system)\s+(?:for|that\s+(?:can\s+)?){_TASK_WORDS}",
    _I,
)
#: A warning against some use: "not intended for", "should not be used", "out of scope", "non-commercial use only".
AGAINST_USE = re.compile(
    r"\bout[- ]of[- ]scope\b"
    r"|\b(?:is|are|was|were)\s+not\s+(?:intended|designed|meant|suitable|suited|appropriate|recommended|built|fit)\b"
    r"|\bnot\s+(?:be\s+)?(?:intended|designed|meant|suitable|suited|appropriate)\s+(?:for|to|as)\b"
    r"|\b(?:should|must|may|can|shall)(?:\s+not|n't|not)\s+be\s+(?:used|deployed|relied|applied)\b"
    r"|\b(?:do|does)\s+not\s+(?:use|recommend|deploy)\b|\b(?:don't|never)\s+use\b"
    r"|\bwe\s+(?:strongly\s+)?(?:recommend|advise|caution)\s+against\b"
    r"|\bnon-?commercial\s+(?:use|purposes|research|applications)\b|\b(?:research|academic)\s+(?:purposes?\s+|use\s+)?only\b"
    r"|\b(?:is|are)\s+(?:strictly\s+)?(?:prohibited|forbidden|not\s+permitted|not\s+allowed)\b"
    r"|\bnot\s+for\s+(?:commercial|production|clinical|medical|real-world)\b|\bmisuse\b",
    _I,
)
#: A statement of a limitation: "the model may produce", "performs poorly on", "has limitations".
LIMITATION = re.compile(
    r"\b(?:model|it|outputs?|predictions?|generations?)\s+(?:may|might|can|could|will|does|is\s+likely\s+to)\s+(?:also\s+)?"
    r"(?:not\s+|sometimes\s+|still\s+)?(?:produce|generate|output|reflect|contain|exhibit|hallucinat\w*|be\s+biased"
    r"|perform\s+(?:poorly|worse)|fail|struggle|make\s+mistakes|be\s+(?:inaccurate|unreliable|wrong|incorrect|offensive))"
    r"|\b(?:has|have)\s+(?:some\s+|several\s+|many\s+|known\s+|certain\s+)?(?:limitations|biases|shortcomings|weaknesses)\b"
    r"|\bperforms?\s+(?:poorly|worse|badly)\b|\bstruggles?\s+(?:with|to)\b|\blimitations?\s+(?:of|include|are)\b"
    r"|\b(?:biases|bias)\s+(?:present|inherent|in\s+the\s+(?:training\s+)?data|of\s+the\s+(?:training\s+)?data)\b",
    _I,
)
_DIGITS_ONLY = re.compile(r"^[\d\s.,:%|-]+$")


def is_score_line(plain_line: str) -> bool:
    """A line (links already removed) that reports a score, not only numbers such as a table of counts."""
    return bool(SCORE.search(plain_line)) and not bool(BIBTEX.search(plain_line))


def is_digits_only(text: str) -> bool:
    return bool(_DIGITS_ONLY.match(text))
