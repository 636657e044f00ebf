import SwitchboardCore
import Testing

@Suite("Macro templates")
struct MacroTemplateTests {
    let values = MacroValues(
        customerName: "Casey  Customer", customerEmail: "casey@example.org", ticketNumber: 42,
        ticketSubject: "Printer on fire", agentName: "Adam Agent", organizationName: "Acme")

    @Test("every placeholder renders its value; spaces inside braces are allowed")
    func rendersAll() throws {
        let body = """
            {{customer.first_name}}|{{ customer.name }}|{{customer.email}}|{{ticket.number}}|{{ticket.subject}}|\
            {{agent.name}}|{{agent.first_name}}|{{organization.name}}
            """
        #expect(try MacroTemplate.render(body, values: values)
            == "Casey|Casey  Customer|casey@example.org|42|Printer on fire|Adam Agent|Adam|Acme")
        #expect(try MacroTemplate.placeholders(in: "{{ticket.number}} {{ticket.number}} {{agent.name}}")
            == [.ticketNumber, .agentName])
    }

    @Test("values are inserted as text, never re-parsed as placeholders or markup")
    func valuesAreText() throws {
        let hostile = MacroValues(customerName: "<b>{{agent.name}}</b>", agentName: "SECRET")
        #expect(try MacroTemplate.render("Hi {{customer.name}}", values: hostile) == "Hi <b>{{agent.name}}</b>")
        #expect(try MacroTemplate.render("Hi {{customer.first_name}}!", values: MacroValues()) == "Hi !")
    }

    @Test("unknown or unbalanced placeholders are a validation error naming the field",
          arguments: ["{{customer.age}}", "Hi {{customer.name", "Hi }} there", "{{}}", "{{ticket.number}} }}"])
    func invalid(_ body: String) {
        #expect {
            try MacroTemplate.validate(body, field: "body")
        } throws: { error in
            (error as? SwitchboardError)?.field == "body" && (error as? SwitchboardError)?.code == .invalidInput
        }
    }

    @Test("oversized bodies are refused; actions validate tags and ids")
    func limits() throws {
        #expect(throws: SwitchboardError.self) {
            try MacroTemplate.validate(String(repeating: "a", count: MacroTemplate.maxBodyBytes + 1))
        }
        #expect(try MacroActions(addTags: ["VIP", "vip"]).validated().addTags == ["vip"])
        #expect(throws: SwitchboardError.self) { try MacroActions(assigneeID: 0).validated() }
        #expect(throws: SwitchboardError.self) { try MacroActions(status: .new).validated() }
        #expect(MacroActions().isEmpty)
    }
}
