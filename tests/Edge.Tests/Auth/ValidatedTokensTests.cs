using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PrivateDomain.Realtime.Edge.Auth;

namespace PrivateDomain.Realtime.Edge.Tests.Auth;

public sealed class ValidatedTokensTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 20, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);

    [Fact]
    public void AKeptToken_GivesItsPrincipalAndTimes_UntilItExpires_ThenNotAnyMore()
    {
        var tokens = Tokens(capacity: 10);
        var principal = Principal("m-1");
        tokens.Add("token-1", principal, Start.AddMinutes(-1), Start.AddMinutes(5));

        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.True(tokens.TryGet("token-1", out var kept));
        Assert.Equal((principal, Start.AddMinutes(-1), Start.AddMinutes(5)), (kept.Principal, kept.IssuedUtc, kept.ExpiresUtc));

        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(tokens.TryGet("token-1", out _));
    }

    [Fact]
    public void ATokenDifferingInAnyCharacter_IsNotTheKeptOne()
    {
        var tokens = Tokens(capacity: 10);
        tokens.Add("header.payload.signature", Principal("m-1"), Start, Start.AddHours(1));

        Assert.False(tokens.TryGet("header.payload.signaturf", out _));
        Assert.False(tokens.TryGet("HEADER.payload.signature", out _));
        Assert.False(tokens.TryGet("header.payload.signature ", out _));
    }

    [Fact]
    public void AFullCache_DropsExpiredTokensFirst_AndKeepsTheLiveOnes()
    {
        var tokens = Tokens(capacity: 3);
        tokens.Add("short-1", Principal("a"), Start, Start.AddMinutes(1));
        tokens.Add("short-2", Principal("b"), Start, Start.AddMinutes(1));
        tokens.Add("long", Principal("c"), Start, Start.AddHours(1));
        _clock.Advance(TimeSpan.FromMinutes(2));

        tokens.Add("new", Principal("d"), Start, Start.AddHours(1));

        Assert.Equal(2, tokens.Count);
        Assert.True(tokens.TryGet("long", out _));
        Assert.True(tokens.TryGet("new", out _));
    }

    [Fact]
    public void AFullCacheOfLiveTokens_StartsOver_SoItNeverHoldsMoreThanItsSize()
    {
        var tokens = Tokens(capacity: 3);
        for (var i = 0; i < 10; i++)
        {
            tokens.Add($"token-{i}", Principal($"m-{i}"), Start, Start.AddHours(1));
            Assert.InRange(tokens.Count, 1, 3);
        }

        Assert.True(tokens.TryGet("token-9", out _));
    }

    [Fact]
    public void SizeZero_KeepsNothing()
    {
        var tokens = Tokens(capacity: 0);

        tokens.Add("token-1", Principal("m-1"), Start, Start.AddHours(1));

        Assert.Equal(0, tokens.Count);
        Assert.False(tokens.TryGet("token-1", out _));
    }

    private ValidatedTokens Tokens(int capacity) =>
        new(Options.Create(new AuthOptions { SigningKey = new string('k', 32), ValidatedTokenCacheSize = capacity }), _clock);

    private static ClaimsPrincipal Principal(string userId) => new(new ClaimsIdentity([new Claim(ClaimNames.Subject, userId)], "test"));
}
