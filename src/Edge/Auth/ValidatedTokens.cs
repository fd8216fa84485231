using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace PrivateDomain.Realtime.Edge.Auth;

/// <summary>
/// Bearer tokens this Edge has already validated, with the principal each gave, until the token expires. A member's
/// client sends the same token with every call of its session, and validating it again (parsing, the HMAC, building
/// the claims) was an eighth of the Edge's CPU on the reservation route. Only a token that passed validation is kept,
/// keyed by its whole text, so a token altered in any byte is a different key and is validated as usual. An entry
/// serves until the token's own expiry (stricter than validation, which allows 30 s of clock skew). The signing key is
/// fixed for the process, so nothing else can make a kept token invalid. Bounded by
/// <see cref="AuthOptions.ValidatedTokenCacheSize"/>; a full cache drops what has expired, and if that frees
/// nothing, drops everything (those tokens are simply validated again).
/// </summary>
public sealed class ValidatedTokens(IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly int _capacity = options.Value.ValidatedTokenCacheSize;

    public int Count => _entries.Count;

    public bool TryGet(string token, out Entry entry)
    {
        if (_entries.TryGetValue(token, out entry!) && time.GetUtcNow() < entry.ExpiresUtc)
        {
            return true;
        }

        entry = null!;
        return false;
    }

    public void Add(string token, ClaimsPrincipal principal, DateTimeOffset issuedUtc, DateTimeOffset expiresUtc)
    {
        if (_capacity == 0)
        {
            return;
        }

        if (_entries.Count >= _capacity)
        {
            MakeRoom();
        }

        _entries[token] = new Entry(principal, issuedUtc, expiresUtc);
    }

    private void MakeRoom()
    {
        var now = time.GetUtcNow();
        foreach (var (token, entry) in _entries)
        {
            if (entry.ExpiresUtc <= now)
            {
                _entries.TryRemove(token, out _);
            }
        }

        if (_entries.Count >= _capacity)
        {
            _entries.Clear();
        }
    }

    /// <summary>The principal a token gave and the times the token states (SignalR closes a connection at its expiry).</summary>
    public sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset IssuedUtc, DateTimeOffset ExpiresUtc);
}
