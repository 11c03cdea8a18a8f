"""/start and /help: what the bot does, with example questions in the user's language."""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.i18n import N_, tr
from handlers.access import is_admin, may_curate
from handlers.curate import est_syntax
from handlers.language import reply_language
from handlers.replies import send_html
from handlers.services import MonitorContext

# Questions the starter data answers; shown by /start, /help, the console and empty inline queries.
EXAMPLES = (
    N_("How many Kazakhstanis are fighting for the Islamic State?"),
    N_("Compare the number of fighters from the Central Asian republics"),
    N_("Which law lets the state take an extremist group's assets?"),
    N_("How old are the Kazakhstani jihadists?"),
    N_("Who estimated the number of fighters from Uzbekistan?"),
)


def examples(lang: str) -> list[str]:
    t = tr(lang)
    return [t.gettext(e) for e in EXAMPLES]


def curator_help(lang: str, *, admin: bool = False) -> list[str]:
    """The curator's part of /help: the commands and the one-line form's syntax."""
    t = tr(lang)
    title = t.gettext("For curators")
    lines = ["", f"<b>{html.escape(title)}</b>",
             html.escape(t.gettext("/add asks for an entry step by step; /cancel stops at any step.")),
             html.escape(t.gettext("One line for an estimate:")),
             f"<code>{html.escape(est_syntax(lang))}</code>",
             html.escape(t.gettext("/edit ID field value · /retract ID reason · /restore ID · /history ID")),
             html.escape(t.gettext("/report and a link or text · send a .yaml or .json file to import · /export")),
             html.escape(t.gettext("/review spotted figures · /feeds · /addfeed URL · send an .opml file · "
                                   "/exportfeeds"))]
    if admin:
        lines.append(html.escape(t.gettext(
            "Admins: /grant ID curator|member · /revoke ID · /roles · /allow and /disallow in a group")))
    return lines


def help_text(lang: str, *, group: bool = False, console: bool = False, curator: bool = False,
              admin: bool = False) -> str:
    """The help message as Telegram HTML (the console strips the tags)."""
    t = tr(lang)
    lines = [
        t.gettext(
            "I answer questions on security in Central Asia — extremism, foreign fighters, laws — "
            "from a curated store of estimates and laws. Every figure comes with who estimated it, "
            "the source and the date; competing figures are shown side by side."
        ),
        "",
        t.gettext("Ask in English, Russian or Kazakh, for example:"),
    ]
    lines += [f"• <i>{html.escape(q)}</i>" for q in examples(lang)]
    lines.append("")
    if group:
        lines.append(t.gettext("In a group, mention me, reply to my message, or write /ask followed by your question."))
    lines.append(t.gettext("/why shows which entries an answer drew on; /language sets the reply language."))
    lines.append(t.gettext("/subscribe sends you a digest of new reporting, daily, weekly or as it arrives; "
                           "/subscriptions lists yours; /digest shows the next one now."))
    if curator and not group:
        lines += curator_help(lang, admin=admin)
    if console:
        lines.append(t.gettext("Type /quit or press Ctrl-D to leave."))
    return "\n".join(lines)


async def help_command(update: Update, context: MonitorContext) -> None:
    """/start and /help."""
    lang = reply_language(context.services, update.effective_user)
    group = update.effective_chat is not None and update.effective_chat.type != "private"
    console = context.bot_data.get("console", False)
    user = update.effective_user
    text = help_text(lang, group=group, console=console, curator=may_curate(context.services, user),
                     admin=is_admin(context.services, user))
    await send_html(update.effective_message, text)


def register(app: Application) -> None:
    app.add_handler(CommandHandler(["start", "help"], help_command, filters=filters.UpdateType.MESSAGE))
