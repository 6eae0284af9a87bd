import PuffleCore
import Testing

@Suite struct LeadSearchChargeTests {
    @Test func aPageIsPaidForAsFarAsTheBalanceGoes() {
        #expect(LeadSearchCharge.plan(total: 100, heldCredits: 0, balance: 1_000, price: 1) == LeadSearchCharge(payablePeople: 100, credits: 100))
        #expect(LeadSearchCharge.plan(total: 100, heldCredits: 0, balance: 30, price: 2) == LeadSearchCharge(payablePeople: 15, credits: 30))
        #expect(LeadSearchCharge.plan(total: 100, heldCredits: 0, balance: 1, price: 2) == LeadSearchCharge(payablePeople: 0, credits: 0))
    }

    @Test func peopleAlreadyPaidForAreNotPaidTwice() {
        // A re-run after a crash saves the first 50 again: they were paid for.
        #expect(LeadSearchCharge.plan(total: 50, heldCredits: 100, balance: 0, price: 2) == LeadSearchCharge(payablePeople: 50, credits: 0))
        // Settling a page that found fewer people than were paid for gives the rest back.
        #expect(LeadSearchCharge.plan(total: 3, heldCredits: 1_000, balance: 0, price: 2) == LeadSearchCharge(payablePeople: 3, credits: -994))
        #expect(LeadSearchCharge.plan(total: 80, heldCredits: 100, balance: 20, price: 2) == LeadSearchCharge(payablePeople: 60, credits: 20))
    }

    @Test func freePeopleNeedNoBalance() {
        #expect(LeadSearchCharge.plan(total: 2_500, heldCredits: 0, balance: 0, price: 0) == LeadSearchCharge(payablePeople: 2_500, credits: 0))
    }
}
