import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// The public web contact form of an inbox: `GET /forms/{inbox_id}` shows it, `POST /forms/{inbox_id}` creates a
/// ticket (channel `web_form`) with the requester found or created by email.
///
/// Only inboxes with `web_form_enabled` have a form (404 otherwise). Every answer is HTML: 201 with a thank-you
/// page, 400 with the form again naming the bad field, 415 when the body is not form-encoded. A hidden
/// honeypot field (`website`) catches simple bots: when it is filled the visitor sees the thank-you page and
/// nothing is created.
struct WebFormController {
    let dependencies: AppDependencies

    static let maxBodyBytes = 1 << 20

    func register(on router: Router<AppRequestContext>) {
        router.get("forms/{inbox_id}", use: show)
        router.post("forms/{inbox_id}", use: submit)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let inbox = try await inbox(context) else {
            return WebFormPage.response(WebFormPage.notFound(), status: .notFound)
        }
        return WebFormPage.response(WebFormPage.form(inboxID: inbox.id, inboxName: inbox.name), status: .ok)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let inbox = try await inbox(context) else {
            return WebFormPage.response(WebFormPage.notFound(), status: .notFound)
        }
        let media = request.headers[.contentType]?.split(separator: ";").first?
            .trimmingCharacters(in: .whitespaces).lowercased()
        guard media == "application/x-www-form-urlencoded" else {
            let page = WebFormPage.form(
                inboxID: inbox.id, inboxName: inbox.name,
                error: (nil, "The form must be sent as application/x-www-form-urlencoded."))
            return WebFormPage.response(page, status: .unsupportedMediaType)
        }
        let buffer = try await request.body.collect(upTo: Self.maxBodyBytes)
        guard let fields = FormBody.parse(String(decoding: buffer.readableBytesView, as: UTF8.self)) else {
            let page = WebFormPage.form(
                inboxID: inbox.id, inboxName: inbox.name, error: (nil, "The form data could not be read."))
            return WebFormPage.response(page, status: .badRequest)
        }
        let values = WebFormPage.Values(
            name: fields["name"] ?? "", email: fields["email"] ?? "", subject: fields["subject"] ?? "",
            message: fields["message"] ?? "")
        if let trap = fields["website"], !trap.isEmpty {
            context.logger.notice("web form honeypot filled; submission dropped")
            return WebFormPage.response(WebFormPage.thanks(inboxName: inbox.name, ticketNumber: nil), status: .created)
        }
        let new: NewTicket
        do {
            new = try Self.newTicket(values, inbox: inbox)
        } catch let error as SwitchboardError {
            let page = WebFormPage.form(
                inboxID: inbox.id, inboxName: inbox.name, values: values, error: (error.field, error.message))
            return WebFormPage.response(page, status: .badRequest)
        }
        let created = try await dependencies.database.write { db in
            try await TicketOperations().create(new, on: db)
        }
        dependencies.publish(created.events)
        return WebFormPage.response(
            WebFormPage.thanks(inboxName: inbox.name, ticketNumber: created.ticket.number), status: .created)
    }

    static func newTicket(_ values: WebFormPage.Values, inbox: Inbox) throws -> NewTicket {
        let name = try Validation.text(values.name, field: "name", maxLength: Validation.maxNameLength, allowEmpty: true)
        let email = try Validation.email(values.email, field: "email")
        let subject = try Validation.text(values.subject, field: "subject", maxLength: Validation.maxSubjectLength)
        let body = try InputRules.body(values.message, field: "message")
        return NewTicket(
            accountID: inbox.accountID, subject: subject, body: body, channel: .webForm, inboxID: inbox.id,
            requester: RequesterDetails(name: name.isEmpty ? nil : name, email: email),
            actor: EventActor(kind: .contact, id: nil))
    }

    private func inbox(_ context: AppRequestContext) async throws -> Inbox? {
        guard let id = try? context.pathID("inbox_id") else { return nil }
        let inbox = try await dependencies.database.read { db in try await InboxRepository().get(id: id, on: db) }
        guard let inbox, inbox.webFormEnabled else { return nil }
        return inbox
    }
}
