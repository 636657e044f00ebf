import Logging
import SwitchboardCore
import SwitchboardMail

/// Connects the SMTP/LMTP listener to ``EmailIngest``: recipients are inbox addresses (with an optional
/// `+token`), a message is acknowledged only after its commit, and errors become the right SMTP class:
/// unknown inbox 550, too large 552, unusable message 554, everything else (database down, disk full) 451.
struct IngestDeliveryHandler: SMTPDeliveryHandler {
    let ingest: EmailIngest
    let logger: Logger

    func checkRecipient(_ address: String) async -> SMTPServerStateMachine.RecipientCheck {
        do {
            return try await ingest.inbox(forRecipient: address) != nil ? .accepted : .unknown
        } catch {
            logger.warning("mail recipient check failed", metadata: ["switchboard.error": "\(error)"])
            return .temporaryFailure
        }
    }

    func deliver(_ envelope: SMTPEnvelope, to recipient: String) async -> SMTPServerStateMachine.DeliveryOutcome {
        do {
            _ = try await ingest.ingest(envelope.message, to: .recipient(recipient), logger: logger)
            return .delivered
        } catch let error as SwitchboardError {
            return Self.outcome(for: error)
        } catch {
            logger.error("mail delivery failed", metadata: ["switchboard.error": "\(type(of: error))"])
            return .temporaryFailure("Temporary failure; try again later")
        }
    }

    static func outcome(for error: SwitchboardError) -> SMTPServerStateMachine.DeliveryOutcome {
        switch error.code {
        case .tooLarge: .rejected(code: 552, enhanced: "5.3.4", text: error.message)
        case .notFound: .rejected(code: 550, enhanced: "5.1.1", text: error.message)
        case .invalidInput: .rejected(code: 554, enhanced: "5.6.0", text: error.message)
        default: .temporaryFailure("Temporary failure; try again later")
        }
    }
}
