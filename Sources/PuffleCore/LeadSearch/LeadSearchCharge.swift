/// How a Lead Search pays for the people it saves: page by page, as they are saved, never ahead.
///
/// Holding credits for a whole `fetch_count` up front made a second search in parallel fail with
/// most of the balance unspent, and every credit preview answer `sufficient: false` meanwhile.
/// Paying per page lets parallel work share the balance, and a run that can pay for no more
/// people stops cleanly with a note.
public struct LeadSearchCharge: Equatable, Sendable {
    /// How many people, in all, the run may save after this charge.
    public var payablePeople: Int
    /// The credits to take now; negative to give back what was paid for people the run did not save.
    public var credits: Int

    public init(payablePeople: Int, credits: Int) {
        self.payablePeople = payablePeople
        self.credits = credits
    }

    /// Pays for the run's people up to `total` in all, or gives back what was paid beyond `total`.
    ///
    /// A page is paid for before it is fetched (so the provider is asked for no more than the balance
    /// covers, and the cursor stays exact), then settled with `total` the people it saved: a prompt
    /// that matches 3 people holds credits for 3 once its page is in, not for the 500 it asked for.
    /// - Parameters:
    ///   - total: the people the run will have saved once this page is saved.
    ///   - heldCredits: what the run already took (a re-run after a crash pays nothing twice).
    ///   - balance: the workspace's balance now, read under its lock.
    ///   - price: credits per person (`FIND_PERSON`); 0 makes every person free.
    public static func plan(total: Int, heldCredits: Int, balance: Int, price: Int) -> LeadSearchCharge {
        guard price > 0 else { return LeadSearchCharge(payablePeople: total, credits: 0) }
        let paid = heldCredits / price
        guard total > paid else { return LeadSearchCharge(payablePeople: total, credits: -(paid - total) * price) }
        let affordable = min(total - paid, max(balance, 0) / price)
        return LeadSearchCharge(payablePeople: paid + affordable, credits: affordable * price)
    }

    /// The note a run leaves when the balance stopped it short of `fetchCount`.
    public static func stoppedNote(saved: Int, fetchCount: Int) -> String {
        "Stopped after \(saved) of \(fetchCount) people: the credit balance ran out. Grant credits and run the same prompt into the same List to continue."
    }
}
