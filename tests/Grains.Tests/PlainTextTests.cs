using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Live;

namespace PrivateDomain.Realtime.Grains.Tests;

/// <summary>
/// The rule for names, titles, reasons and tags (<see cref="Validation.IsPlainText"/>) and for comments
/// (<c>CommentRules.Clean</c>), down to the half of a surrogate pair that the Edge's JSON reader already refuses but an
/// Orleans client or a MessagePack hub call could still bring: PostgreSQL cannot store it.
/// </summary>
public sealed class PlainTextTests
{
    [Theory]
    [InlineData("Li Fang")]
    [InlineData("李芳 · 南京东路店")]
    [InlineData("Serum week 🎉")]
    [InlineData("")]
    public void Text_WithoutControlCharactersOrHalfPairs_IsPlain(string text) => Assert.True(Validation.IsPlainText(text));

    [Theory]
    [InlineData("Li\0Fang")]
    [InlineData("Li\nFang")]
    [InlineData("Li\tFang")]
    [InlineData("Li\u0085Fang")]
    [InlineData("Li\u007fFang")]
    [InlineData("Li\u202eFang")]
    [InlineData("Li\u2067Fang\u2069")]
    public void Text_WithAControlCharacterOrADirectionOverride_IsNot(string text) => Assert.False(Validation.IsPlainText(text));

    [Fact]
    public void Text_WithHalfASurrogatePair_IsNot()
    {
        // Not as test data: the runner would carry such strings over as U+FFFD, a plain character.
        string[] halves = ["Li\ud800Fang", "Li\udc00Fang", "Li Fang\ud83c", "\udf89Li Fang", "\udf89\ud83c"];

        Assert.All(halves, text => Assert.False(Validation.IsPlainText(text)));
    }

    [Fact]
    public void AName_ThatIsNotPlain_IsRefusedNamingTheField()
    {
        var validation = new Validation().RequireName("Li\0Fang", "name").RequirePlainText("50% off\n", "promotion", 200).RequirePlainText(null, "reason", 200);

        Assert.Equal(["name", "promotion"], validation.Errors.Keys.Order());
    }

    [Fact]
    public void AComment_LosesControlCharactersAndHalfPairs_AndKeepsWholePairs()
    {
        var cleaned = new CommentRules(new LiveRoomOptions()).Clean("  So\0 good\ud800 🎉\udc00!\n ");

        Assert.Equal("So good 🎉!", cleaned);
    }

    [Theory]
    [InlineData("coun\u200bterfeit", ErrorCodes.BannedWord)]
    [InlineData("ＣＯＵＮＴＥＲＦＥＩＴ here", ErrorCodes.BannedWord)]
    [InlineData("\u200b\u2060\ufeff", ErrorCodes.CommentEmpty)]
    public void AComment_CannotHideABannedWordOrItsEmptinessBehindInvisibleOrFullWidthCharacters(string text, string code)
    {
        var options = new LiveRoomOptions { BannedWords = ["counterfeit"] };

        Assert.Equal(code, Assert.Throws<DomainException>(() => new CommentRules(options).Clean(text)).Code);
    }

    [Theory]
    [InlineData("Love it 👩‍💻")]
    [InlineData("🏃‍♀️ go")]
    [InlineData("❤️‍🔥 👨‍👩‍👧")]
    public void AComment_KeepsTheJoinersOfEmojiSequences(string text)
    {
        Assert.Equal(text, new CommentRules(new LiveRoomOptions()).Clean(text));
    }

    [Theory]
    [InlineData("coun‍terfeit 🎉", "counterfeit 🎉")]
    [InlineData("‍🎉‍", "🎉")]
    [InlineData("ok 🎉‍!", "ok 🎉!")]
    public void AComment_LosesAJoinerThatJoinsNoEmoji(string text, string cleaned)
    {
        Assert.Equal(cleaned, new CommentRules(new LiveRoomOptions()).Clean(text));
    }

    [Fact]
    public void AComment_CountsCharactersAsAViewerDoes_AnEmojiOrAnAccentedLetterOne()
    {
        var rules = new CommentRules(new LiveRoomOptions());
        var families = string.Concat(Enumerable.Repeat("👨‍👩‍👧", 30));
        var accented = string.Concat(Enumerable.Repeat("e\u0301", 200));

        Assert.Equal(200, rules.Clean(string.Concat(Enumerable.Repeat("🎉", 200))).EnumerateRunes().Count());
        Assert.Equal(families, rules.Clean(families));
        Assert.Equal(accented, rules.Clean(accented));
        Assert.Equal("A comment is at most 200 characters.", TooLong(rules, string.Concat(Enumerable.Repeat("🎉", 201))));
        Assert.Equal("A comment is at most 200 characters.", TooLong(rules, accented + "e\u0301"));
    }

    [Fact]
    public void AComment_TakesAtMostTwiceTheMaximumInCodeUnits_SoNoLetterCarriesAThousandAccents()
    {
        var rules = new CommentRules(new LiveRoomOptions());
        var stacked = "e" + new string('\u0301', 400);
        var families = string.Concat(Enumerable.Repeat("👨‍👩‍👧", 51));

        Assert.Contains("fewer of emoji built from several", TooLong(rules, stacked));
        Assert.Contains("fewer of emoji built from several", TooLong(rules, families));
    }

    [Fact]
    public void AComment_KeepsTheWordsALineBreakOrTabSeparated_ApartByOneSpace()
    {
        var cleaned = new CommentRules(new LiveRoomOptions()).Clean("\nhello\r\nworld\tagain\u0000and\n");

        Assert.Equal("hello world againand", cleaned);
    }

    [Fact]
    public void AComment_LosesDirectionOverrides_AndKeepsFullWidthTextAsWritten()
    {
        var options = new LiveRoomOptions { BannedWords = ["counterfeit"] };

        Assert.Equal("reversed ＯＫ！", new CommentRules(options).Clean("\u202ereversed\u202c ＯＫ！"));
    }

    /// <summary>Refused as too long, with the reason given.</summary>
    private static string TooLong(CommentRules rules, string text)
    {
        var refused = Assert.Throws<DomainException>(() => rules.Clean(text));
        Assert.Equal(ErrorCodes.CommentTooLong, refused.Code);
        return refused.Message;
    }
}
