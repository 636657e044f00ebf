/// The built-in vocabulary of the dataset generator: support topics with their subjects, customer sentences,
/// agent sentences and tags, plus names for people and companies. Plain English a help desk sees every day.
enum SupportPhrases {
    struct Topic {
        var subjects: [String]
        var customer: [String]
        var agent: [String]
        var tags: [String]
    }

    static let topics: [Topic] = [
        Topic(
            subjects: ["Cannot log in to my account", "Password reset link does not work", "Locked out after update",
                       "Two-factor code never arrives", "Login page keeps reloading"],
            customer: [
                "I have been trying to log in since this morning and the page just reloads.",
                "The password reset email never arrives, I checked the spam folder too.",
                "After the latest update my account seems to be locked.",
                "The two-factor code expires before I can type it in.",
                "My colleague can sign in from the same office without any problem.",
                "I tried a different browser and cleared the cookies, nothing changed.",
            ],
            agent: [
                "I have unlocked your account and sent a fresh password reset link.",
                "Please try signing in from a private window so no old session cookie interferes.",
                "The two-factor codes are valid for five minutes; I have resynchronised your device.",
                "Our logs show several failed attempts, so the account was locked for your protection.",
            ],
            tags: ["login", "password", "2fa", "account"]),
        Topic(
            subjects: ["Refund for order", "Charged twice this month", "Invoice shows the wrong amount",
                       "Cancel my subscription", "Question about the annual plan price"],
            customer: [
                "I was charged twice for the same order and would like a refund of the duplicate payment.",
                "The invoice for this month shows an amount that does not match our plan.",
                "Please cancel the subscription at the end of the current billing period.",
                "Could you tell me whether the annual plan includes the premium support option?",
                "Our finance team needs a corrected invoice with the company VAT number.",
                "The card on file expired, how can I update the payment details?",
            ],
            agent: [
                "I have issued a refund for the duplicate charge; it takes three to five business days to appear.",
                "A corrected invoice with your VAT number is attached to this reply.",
                "Your subscription will end at the close of the current billing period, nothing more will be charged.",
                "The annual plan includes premium support and saves two months compared with monthly billing.",
            ],
            tags: ["billing", "refund", "invoice", "subscription"]),
        Topic(
            subjects: ["Where is my order", "Package arrived damaged", "Wrong item delivered",
                       "Tracking number not updating", "Delivery address change"],
            customer: [
                "My order was supposed to arrive last week and the tracking page has not changed since Monday.",
                "The package arrived with a crushed corner and the device inside does not turn on.",
                "I received a blue case instead of the black one I ordered.",
                "Can I still change the delivery address? We moved offices yesterday.",
                "The courier left a note but nobody was told about the delivery window.",
            ],
            agent: [
                "I contacted the carrier and the parcel is at the local depot, it will be delivered tomorrow.",
                "I am sorry the item arrived damaged; a replacement is on its way and no return is needed.",
                "I have updated the delivery address on the order before it left the warehouse.",
                "Here is a prepaid return label for the wrong item, the correct one ships today.",
            ],
            tags: ["shipping", "delivery", "damaged", "order"]),
        Topic(
            subjects: ["App crashes on startup", "Export to CSV fails", "Sync error with calendar",
                       "Error 500 when saving settings", "Notifications stopped working"],
            customer: [
                "The mobile app crashes right after the splash screen on my phone.",
                "Exporting the report to CSV fails with a timeout after a minute.",
                "Calendar sync shows an error and no new events come through.",
                "Saving the notification settings returns an internal server error.",
                "This started after the latest version was installed yesterday evening.",
                "I attached a screenshot of the error message and the steps to reproduce it.",
            ],
            agent: [
                "Thank you for the detailed steps; our engineers reproduced the crash and a fix ships this week.",
                "Large exports now run in the background and the file is emailed when it is ready.",
                "Please disconnect and reconnect the calendar under Settings, Integrations to refresh the token.",
                "The error came from a faulty deployment that we rolled back, saving works again.",
            ],
            tags: ["bug", "crash", "export", "sync", "integration"]),
        Topic(
            subjects: ["How do I add a new user", "Question about permissions", "Setting up single sign-on",
                       "Import contacts from a spreadsheet", "Change the language of the interface"],
            customer: [
                "How can I add a new colleague to our workspace without giving them admin rights?",
                "We would like to set up single sign-on with our identity provider.",
                "Is there a way to import our contacts from a spreadsheet?",
                "Where can I change the language of the interface for my team?",
                "I could not find this in the documentation, a short explanation would help.",
            ],
            agent: [
                "Go to Settings, Team, then Invite; choose the agent role to keep admin rights separate.",
                "Single sign-on is configured under Security; I have enabled the option on your account.",
                "You can import contacts from a CSV file under Contacts, Import; the first row holds the columns.",
                "Each person chooses the interface language in their profile settings.",
            ],
            tags: ["how-to", "sso", "permissions", "import", "onboarding"]),
        Topic(
            subjects: ["Feature request: dark mode", "Feedback on the new dashboard", "Suggestion for reports",
                       "Very unhappy with the response time", "Great support experience"],
            customer: [
                "It would be great to have a dark mode for those of us working late.",
                "The new dashboard is cleaner but the weekly chart is hard to read.",
                "We waited three days for an answer on an urgent problem, that is not acceptable.",
                "I just wanted to say thank you, the last agent solved our problem in minutes.",
                "Could the reports include a breakdown by team and by channel?",
            ],
            agent: [
                "Thank you for the suggestion, I have passed it to our product team with your use case.",
                "I apologise for the delay; I have raised the priority and will follow this personally.",
                "Thank you for the kind words, I will share them with the team.",
                "Reports by team and channel are on the roadmap for the next quarter.",
            ],
            tags: ["feedback", "feature-request", "complaint", "reports"]),
    ]

    static let greetingsCustomer = ["Hello,", "Hi there,", "Good morning,", "Dear support team,", "Hi,"]
    static let closingsCustomer = ["Thanks in advance.", "Kind regards.", "Thank you for your help.", "Best wishes.",
                                   "Looking forward to your answer."]
    static let followUps = [
        "I tried that but the problem is still there.", "Thanks, that worked for a day and then it happened again.",
        "Could you explain the second step in more detail?", "We also noticed the same thing on a second account.",
        "Any news on this? It is blocking our team.", "Thank you, it works now.",
    ]
    static let agentOpenings = ["Hi, thanks for reaching out.", "Hello, thank you for your message.",
                                "Hi, sorry for the trouble.", "Hello, thanks for your patience."]
    static let agentClosings = ["Let me know if there is anything else I can do.",
                                "I will keep this ticket open for now.",
                                "Have a great day.", "Feel free to reply if the problem comes back."]
    static let notes = [
        "Checked the logs: the customer's session tokens were revoked by the nightly job.",
        "Escalated to the billing team, waiting for their confirmation.",
        "Same issue reported by two other customers this week; linking to the known problem.",
        "Customer is on the enterprise plan, handle with priority.",
    ]
    static let extraTags = ["vip", "enterprise", "follow-up", "escalated", "mobile", "web", "eu", "us", "apac",
                            "renewal", "trial", "churn-risk"]
    static let firstNames = ["Anna", "Ben", "Chloe", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas",
                             "Keiko", "Liam", "Maya", "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sam", "Tara",
                             "Umar", "Vera", "Wen", "Xavier", "Yara", "Zoe"]
    static let lastNames = ["Adams", "Berg", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito",
                            "Jensen", "Kowalski", "Lopez", "Martin", "Nakamura", "Olsen", "Petrov", "Rossi",
                            "Silva", "Tanaka", "Novak", "Weber", "Young", "Zimmer"]
    static let companyWords = ["Acme", "Blue", "Nova", "Summit", "Harbor", "Pioneer", "Atlas", "Cedar", "Orbit",
                               "Maple", "Vertex", "Quantum", "River", "Granite", "Lumen", "Northwind"]
    static let companySuffixes = ["Labs", "Logistics", "Retail", "Health", "Systems", "Foods", "Media", "Travel",
                                  "Energy", "Studio"]
    static let freeMailDomains = ["mail.example.com", "inbox.example.net", "post.example.org"]
    static let teamNames = ["Tier 1", "Tier 2", "Billing", "Technical", "VIP"]
}
