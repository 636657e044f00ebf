import Foundation
import SwitchboardCore

/// Page models for custom fields: the inputs of the ticket page's panel and the rows of the admin section.
enum WebCustomFields {
    /// `customFieldInputs` (one per active definition, with the ticket's value), `hasCustomFieldInputs`, and
    /// `customFields` (the details list: every stored value, labelled by its definition when there is one).
    static func ticketModel(
        definitions: [CustomFieldDefinition], values: [String: CustomFieldValue]
    ) -> [String: Any] {
        let active = definitions.filter(\.isActive)
        let inputs: [[String: Any]] = active.map { definition in
            let value = values[definition.key] ?? .null
            var text = ""
            switch value {
            case .string(let string): text = string
            case .number(let number): text = WebFormat.text(.number(number))
            case .bool, .null: text = ""
            }
            var entry: [String: Any] = [
                "key": definition.key, "label": definition.label, "type": definition.type.rawValue,
                "inputID": "cf-" + definition.key, "value": text,
                "required": definition.requiredOnSolve,
                "is" + definition.type.rawValue.prefix(1).uppercased() + definition.type.rawValue.dropFirst(): true,
            ]
            if definition.type == .checkbox, case .bool(true) = value { entry["checked"] = true }
            if definition.type == .dropdown {
                entry["options"] = definition.options.map { ["value": $0, "selected": $0 == text] as [String: Any] }
            }
            return entry
        }
        let labels = Dictionary(definitions.map { ($0.key, $0.label) }, uniquingKeysWith: { first, _ in first })
        return [
            "customFieldInputs": inputs,
            "hasCustomFieldInputs": !inputs.isEmpty,
            "customFields": values.sorted { $0.key < $1.key }.map {
                ["name": labels[$0.key] ?? $0.key, "value": WebFormat.text($0.value)] as [String: Any]
            },
        ]
    }

    /// The rows of the admin section's table.
    static func adminRows(_ definitions: [CustomFieldDefinition]) -> [[String: Any]] {
        definitions.map { definition in
            WebModel.compact([
                "id": definition.id, "key": definition.key, "label": definition.label,
                "typeLabel": definition.type.rawValue.capitalized,
                "options": definition.options.joined(separator: ", "),
                "required": definition.requiredOnSolve ? "Yes" : "No",
                "active": definition.isActive ? true : nil,
                "status": definition.isActive ? "Active" : "Inactive",
            ])
        }
    }

    /// The type choices of the admin form.
    static var typeOptions: [[String: Any]] {
        CustomFieldType.allCases.map { ["value": $0.rawValue, "label": $0.rawValue.capitalized] as [String: Any] }
    }
}

/// Page model of one attachment in the timeline: name, size, download link, and an image preview when the type
/// is one the attachment route shows inline.
enum WebAttachmentModel {
    static func entry(_ attachment: Attachment) -> [String: Any] {
        let type = WebAttachmentController.contentType(attachment.contentType)
        return WebModel.compact([
            "id": attachment.id, "filename": attachment.filename, "size": WebFormat.size(attachment.size),
            "url": "/attachments/\(attachment.id)",
            "isImage": WebAttachmentController.inlineTypes.contains(type) ? true : nil,
        ])
    }
}
