using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Tests;

/// <summary>The shared field rules: which ids pass, and that a rule's message is formatted only when the rule fails.</summary>
public sealed class ValidationTests
{
    [Theory]
    [InlineData("sku-0001")]
    [InlineData("order_1.2:3")]
    [InlineData("A")]
    public void AnId_OfLettersDigitsAndSeparators_IsValid(string id) => Assert.True(Validation.IsValidId(id));

    [Theory]
    [InlineData("")]
    [InlineData("sku@shanghai")]
    [InlineData("sku 1")]
    [InlineData("café")]
    [InlineData("１２３")]
    [InlineData("sku/1")]
    public void AnId_WithAnythingElse_IsNot(string id) => Assert.False(Validation.IsValidId(id));

    [Fact]
    public void AnId_LongerThanItsLimit_IsNot()
    {
        Assert.True(Validation.IsValidId(new string('a', Validation.MaxIdLength)));
        Assert.False(Validation.IsValidId(new string('a', Validation.MaxIdLength + 1)));
        Assert.False(Validation.IsValidId(null));
    }

    [Fact]
    public void ARuleThatHolds_DoesNotFormatItsMessage()
    {
        var validation = new Validation().Require(true, "quantity", $"quantity must be at most {new Unformattable()}.");

        Assert.True(validation.IsValid);
    }

    [Fact]
    public void ARuleThatFails_FormatsItsMessage()
    {
        var ttl = TimeSpan.FromDays(1);

        var validation = new Validation().Require(false, "ttlSeconds", $"ttlSeconds must be at most {ttl.TotalSeconds:0}.");

        Assert.Equal(["ttlSeconds must be at most 86400."], validation.Errors["ttlSeconds"]);
    }

    private sealed class Unformattable
    {
        public override string ToString() => throw new InvalidOperationException("formatted although the rule held");
    }
}
