import Foundation

/// The placeholders a macro body may use, by their name inside `{{ … }}`.
public enum MacroPlaceholder: String, Sendable, CaseIterable {
    case customerFirstName = "customer.first_name"
    case customerName = "customer.name"
    case customerEmail = "customer.email"
    case ticketNumber = "ticket.number"
    case ticketSubject = "ticket.subject"
    case agentName = "agent.name"
    case agentFirstName = "agent.first_name"
    case organizationName = "organization.name"
}

/// The values placeholders are replaced with; a missing value renders as an empty string.
public struct MacroValues: Sendable, Equatable {
    public var customerName: String?
    public var customerEmail: String?
    public var ticketNumber: Int64?
    public var ticketSubject: String?
    public var agentName: String?
    public var organizationName: String?

    public init(
        customerName: String? = nil, customerEmail: String? = nil, ticketNumber: Int64? = nil,
        ticketSubject: String? = nil, agentName: String? = nil, organizationName: String? = nil
    ) {
        self.customerName = customerName
        self.customerEmail = customerEmail
        self.ticketNumber = ticketNumber
        self.ticketSubject = ticketSubject
        self.agentName = agentName
        self.organizationName = organizationName
    }

    /// The plain-text value of `placeholder`.
    public func value(_ placeholder: MacroPlaceholder) -> String {
        switch placeholder {
        case .customerFirstName: Self.firstName(customerName)
        case .customerName: customerName ?? ""
        case .customerEmail: customerEmail ?? ""
        case .ticketNumber: ticketNumber.map { String($0) } ?? ""
        case .ticketSubject: ticketSubject ?? ""
        case .agentName: agentName ?? ""
        case .agentFirstName: Self.firstName(agentName)
        case .organizationName: organizationName ?? ""
        }
    }

    /// The first word of a name ("Casey" for "Casey Customer"); empty for no name.
    static func firstName(_ name: String?) -> String {
        guard let name else { return "" }
        return name.split(whereSeparator: { $0.isWhitespace }).first.map(String.init) ?? ""
    }
}

/// Macro body templates: text with `{{placeholder}}` markers (spaces inside the braces allowed).
///
/// Rendering is plain text in, plain text out: values are inserted verbatim as text and are never interpreted as
/// markup or as further placeholders, so a customer named `{{agent.name}}` or `<b>x</b>` stays literally that.
public enum MacroTemplate {
    /// The longest body accepted, in UTF-8 bytes.
    public static let maxBodyBytes = 64 * 1024

    /// One piece of a parsed template.
    enum Piece: Equatable {
        case text(Substring)
        case placeholder(MacroPlaceholder)
    }

    /// Checks `body`: size, balanced braces, known placeholders only. Throws `.invalidInput` naming `field`
    /// (the message lists the unknown placeholder and the allowed ones).
    public static func validate(_ body: String, field: String = "body") throws {
        guard body.utf8.count <= maxBodyBytes else {
            throw SwitchboardError.invalid(field, "must be at most \(maxBodyBytes) bytes")
        }
        _ = try parse(body, field: field)
    }

    /// The placeholders `body` uses, in order of first use.
    public static func placeholders(in body: String) throws -> [MacroPlaceholder] {
        var seen: [MacroPlaceholder] = []
        for case .placeholder(let placeholder) in try parse(body, field: "body") where !seen.contains(placeholder) {
            seen.append(placeholder)
        }
        return seen
    }

    /// `body` with every placeholder replaced by its value. Throws like ``validate(_:field:)`` for a bad template.
    public static func render(_ body: String, values: MacroValues) throws -> String {
        var output = ""
        for piece in try parse(body, field: "body") {
            switch piece {
            case .text(let text): output += text
            case .placeholder(let placeholder): output += values.value(placeholder)
            }
        }
        return output
    }

    static func parse(_ body: String, field: String) throws -> [Piece] {
        var pieces: [Piece] = []
        var rest = body[...]
        while let open = rest.range(of: "{{") {
            let before = rest[rest.startIndex..<open.lowerBound]
            if before.contains("}}") { throw SwitchboardError.invalid(field, "has a '}}' without an opening '{{'") }
            if !before.isEmpty { pieces.append(.text(before)) }
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else {
                throw SwitchboardError.invalid(field, "has a '{{' without a closing '}}'")
            }
            let name = afterOpen[afterOpen.startIndex..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard let placeholder = MacroPlaceholder(rawValue: name) else {
                let shown = name.count > 40 ? String(name.prefix(40)) + "…" : name
                throw SwitchboardError.invalid(
                    field,
                    "uses the unknown placeholder {{\(shown)}}; known placeholders: "
                        + MacroPlaceholder.allCases.map { "{{\($0.rawValue)}}" }.joined(separator: ", "))
            }
            pieces.append(.placeholder(placeholder))
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty {
            if rest.contains("}}") { throw SwitchboardError.invalid(field, "has a '}}' without an opening '{{'") }
            pieces.append(.text(rest))
        }
        return pieces
    }
}
