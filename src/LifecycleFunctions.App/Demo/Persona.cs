namespace LifecycleFunctions.App.Demo;

/// <summary>How a generated person behaves over the history, in the proportions a real funnel narrows by.</summary>
public enum Persona
{
    /// <summary>Visits and leaves: most people.</summary>
    Visitor,

    /// <summary>Signs up (an identify merging the anonymous visits), maybe fills a cart, never buys.</summary>
    Lead,

    /// <summary>Buys once.</summary>
    OneTimeBuyer,

    /// <summary>Buys two or three times.</summary>
    RepeatBuyer,

    /// <summary>Buys every few weeks for as long as the history lasts.</summary>
    LoyalBuyer,

    /// <summary>Bought a while ago and stopped: Lapsed by now.</summary>
    Lapser,

    /// <summary>Lapsed, then came back with a new order (a reactivation).</summary>
    Returner,
}
