"""Finding a channel of the map's palette from what a spreadsheet calls it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from journeymap.core.entities import Channel
from journeymap.interop.sheets.words import CHANNEL_WORDS

#: Everyday names of the built-in channels, as :func:`channel_key` folds them.
ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "website": ("web", "site", "online", "webshop", "onlineshop", "homepage", "webpage",
                "internet", "ecommerce"),
    "mobile_app": ("app", "mobile", "iosapp", "androidapp", "smartphone", "smartphoneapp",
                   "application"),
    "email": ("emails", "newsletter", "emailnewsletter", "mailing"),
    "social_media": ("social", "socialnetwork", "instagram", "facebook", "linkedin", "tiktok",
                     "twitter", "youtube", "pinterest"),
    "online_ads": ("ads", "ad", "advert", "advertising", "onlineadvertising", "googleads",
                   "displayads", "banner"),
    "search": ("google", "searchengine", "seo", "websearch", "googlesearch"),
    "word_of_mouth": ("friends", "referral", "recommendation", "friendsandfamily", "family",
                      "colleagues", "wom"),
    "reviews": ("review", "reviewsite", "trustpilot", "googlereviews", "ratings"),
    "phone": ("phonecall", "call", "calls", "telephone", "hotline", "callcentre",
              "callcenter", "tel", "telephonecall"),
    "live_chat": ("chat", "webchat", "onlinechat", "messenger"),
    "chatbot": ("bot", "virtualassistant", "aichat"),
    "sms": ("text", "textmessage", "texting", "whatsapp"),
    "store": ("shop", "instore", "branch", "showroom", "storefront", "physicalstore",
              "retailstore", "retail", "boutique", "office", "counter"),
    "sales_rep": ("sales", "salesperson", "salesrep", "accountmanager", "salesteam",
                  "salescall"),
    "event": ("events", "fair", "tradeshow", "conference", "webinar", "meetup"),
    "delivery": ("courier", "shipping", "parcel", "deliveries", "shipment"),
    "mail": ("post", "letter", "postalmail", "directmail", "postal", "postmail", "leaflet"),
    "support_portal": ("portal", "helpcentre", "helpcenter", "support", "helpdesk", "faq",
                       "knowledgebase", "supportsite", "selfservice"),
}


def channel_key(text: str) -> str:
    """Lowercase letters and digits only: "E-mail" and "e mail" both give "email"."""
    return re.sub(r"[\W_]+", "", text.casefold())


class ChannelMatcher:
    """Looks a channel up by id or name, exactly first, then loosely, then by alias."""

    def __init__(self, palette: Iterable[Channel]) -> None:
        channels = tuple(palette)
        self._exact: dict[str, str] = {}
        self._loose: dict[str, str] = {}
        self._seen: dict[str, str | None] = {}
        for channel in channels:
            self._exact.setdefault(channel.id, channel.id)
        for channel in channels:
            self._exact.setdefault(channel.name, channel.id)
            for key in (channel_key(channel.id), channel_key(channel.name)):
                if key:
                    self._loose.setdefault(key, channel.id)
        ids = {channel.id for channel in channels}
        for channel_id, aliases in ALIASES.items():
            if channel_id in ids:
                for alias in aliases:
                    self._loose.setdefault(alias, channel_id)
        for channel_id, words in CHANNEL_WORDS.items():
            if channel_id in ids:
                for word in words:
                    self._loose.setdefault(channel_key(word), channel_id)

    def find(self, text: str) -> str | None:
        """The id of the channel ``text`` names, or None."""
        if text in self._exact:
            return self._exact[text]
        if text in self._seen:  # a sheet repeats a few channel names in every row
            return self._seen[text]
        key = channel_key(text)
        found = self._loose.get(key)
        if found is None and key.endswith("s"):
            found = self._loose.get(key[:-1])
        self._seen[text] = found
        return found
