import Testing

@testable import SwitchboardMail

@Suite("Quoted history and signature detection in plain text")
struct HTMLQuoteDetectorTests {
    @Test func englishAttributionWithQuotedLines() {
        let text = """
            Thanks, that fixed it.

            On Mon, Mar 4, 2024 at 9:12 AM Support <support@example.com> wrote:
            > Please restart the router.
            >
            > Kind regards
            """
        let parts = QuoteDetector.split(text)
        #expect(parts.reply == "Thanks, that fixed it.")
        #expect(parts.signature == nil)
        #expect(parts.quotedHistory?.hasPrefix("On Mon, Mar 4, 2024") == true)
        #expect(parts.quotedHistory?.hasSuffix("> Kind regards") == true)
    }

    @Test func attributionWrappedOverTwoLines() {
        let text = """
            Yes please.

            On Mon, Mar 4, 2024 at 9:12 AM Very Long Sender Name <
            very.long.sender.name@example.com> wrote:
            > Shall we?
            """
        #expect(QuoteDetector.split(text).reply == "Yes please.")
        #expect(QuoteDetector.quotedHistoryStart(in: text.split(separator: "\n", omittingEmptySubsequences: false))
            == 2)
    }

    @Test(arguments: [
        "Am Mo., 4. März 2024 um 09:12 Uhr schrieb Anna Schmidt <anna@example.de>:",
        "Le lun. 4 mars 2024 à 09:12, Jean Dupont <jean@example.fr> a écrit :",
        "El lun, 4 mar 2024 a las 9:12, María <maria@example.es> escribió:",
        "Op ma 4 mrt. 2024 om 09:12 schreef Jan Jansen <jan@example.nl>:",
        "Il giorno lun 4 mar 2024 alle ore 09:12 Marco <marco@example.it> ha scritto:",
        "Em seg., 4 de mar. de 2024 às 09:12, João <joao@example.pt> escreveu:",
        "Den mån 4 mars 2024 kl 09:12 skrev Sven <sven@example.se>:",
        "W dniu 4.03.2024 o 09:12, Jan <jan@example.pl> napisał:",
        "Support Team <support@example.com> wrote:",
    ])
    func attributionsInCommonLanguages(line: String) {
        let text = "Danke!\n\n\(line)\n> Alte Nachricht"
        let parts = QuoteDetector.split(text)
        #expect(parts.reply == "Danke!")
        #expect(parts.quotedHistory?.hasPrefix(line) == true)
    }

    @Test func outlookOriginalMessageSeparator() {
        let text = """
            See below.

            -----Original Message-----
            From: Bob <bob@example.com>
            Sent: Monday, March 4, 2024 9:12 AM
            To: Alice
            Subject: Question
            """
        let parts = QuoteDetector.split(text)
        #expect(parts.reply == "See below.")
        #expect(parts.quotedHistory?.hasPrefix("-----Original Message-----") == true)
        let german = "Siehe unten.\n\n-----Ursprüngliche Nachricht-----\nVon: Bob\nGesendet: Montag\nAn: Alice"
        #expect(QuoteDetector.split(german).reply == "Siehe unten.")
    }

    @Test func outlookHeaderBlockWithoutSeparator() {
        let text = """
            Approved.

            ________________________________
            From: Bob <bob@example.com>
            Sent: Monday, March 4, 2024 9:12 AM
            To: Alice <alice@example.com>
            Subject: Budget
            """
        let parts = QuoteDetector.split(text)
        #expect(parts.reply == "Approved.")
        #expect(parts.quotedHistory?.hasPrefix("________") == true)
        let french = "OK\n\nDe : Bob\nEnvoyé : lundi\nÀ : Alice\nObjet : Budget\n\nTexte"
        #expect(QuoteDetector.split(french).reply == "OK")
    }

    @Test func inlineRepliesAreNotFolded() {
        let text = """
            > What is your order number?
            12345
            > And your postcode?
            AB1 2CD
            """
        let parts = QuoteDetector.split(text)
        #expect(parts.quotedHistory == nil)
        #expect(parts.reply == text)
    }

    @Test func trailingQuoteBlockWithoutAttribution() {
        let text = "Agreed.\n\n> earlier text\n>\n> more"
        let parts = QuoteDetector.split(text)
        #expect(parts.reply == "Agreed.")
        #expect(parts.quotedHistory == "> earlier text\n>\n> more")
    }

    @Test func signatureDelimiter() {
        let text = "Please call me.\n\n-- \nJane Doe\nACME Ltd\n+44 20 7946 0000\n\nOn Tue, Bob <b@x.org> wrote:\n> hi"
        let parts = QuoteDetector.split(text)
        #expect(parts.reply == "Please call me.")
        #expect(parts.signature == "-- \nJane Doe\nACME Ltd\n+44 20 7946 0000")
        #expect(parts.quotedHistory == "On Tue, Bob <b@x.org> wrote:\n> hi")
    }

    @Test(arguments: [
        "Sent from my iPhone", "Von meinem iPhone gesendet", "Envoyé de mon iPad", "Enviado desde mi Samsung",
        "Get Outlook for Android", "Verzonden vanaf mijn iPhone", "Inviato da iPhone", "Sent with Proton Mail",
    ])
    func mobileFooters(footer: String) {
        let parts = QuoteDetector.split("On my way.\n\n\(footer)\n")
        #expect(parts.reply == "On my way.")
        #expect(parts.signature == footer)
    }

    @Test func mobileFooterFarFromTheEndIsText() {
        let text = "Sent from my iPhone is what my phone adds.\nLine 2\nLine 3\nLine 4\nLine 5"
        #expect(QuoteDetector.split(text).signature == nil)
    }

    @Test func ordinaryTextIsLeftAlone() {
        let text = "Hello,\nOn Monday we wrote: nothing.\nThe header From: is fine.\nBye"
        let parts = QuoteDetector.split(text)
        #expect(parts.reply == text)
        #expect(parts.signature == nil && parts.quotedHistory == nil)
    }

    @Test func sentenceEndingInWroteIsNotAnAttribution() {
        let text = "On the other hand, as I wrote:\nthe fix is ready."
        #expect(QuoteDetector.split(text).quotedHistory == nil)
    }

    @Test func windowsLineEndings() {
        let parts = QuoteDetector.split("Fine.\r\n\r\nOn Mon, A <a@b.c> wrote:\r\n> x\r\n")
        #expect(parts.reply == "Fine.")
        #expect(parts.quotedHistory == "On Mon, A <a@b.c> wrote:\n> x")
    }
}
