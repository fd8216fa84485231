namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>What a member says of an identity claimed in its name.</summary>
public enum IdentityHolding
{
    /// <summary>Not stored and not being stored: the claim was left by an update whose write failed.</summary>
    None,

    /// <summary>An update is storing it, or its write failed and storage may hold it: not yet known.</summary>
    BeingStored,

    Stored,
}
