import SwitchboardMail

/// HTML escaping for server-rendered pages: every piece of text or attribute value goes through ``escape(_:)``.
enum HTML {
    static func escape(_ text: String) -> String { HTMLEscape.text(text) }
}
