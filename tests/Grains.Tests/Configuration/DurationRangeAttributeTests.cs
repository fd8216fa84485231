using PrivateDomain.Realtime.Grains.Configuration;

namespace PrivateDomain.Realtime.Grains.Tests.Configuration;

public sealed class DurationRangeAttributeTests
{
    private readonly DurationRangeAttribute _oneSecondToFiveMinutes = new("00:00:01", "00:05:00");

    [Fact]
    public void BothBounds_AreInside_AndATickBeyondEither_IsOutside()
    {
        Assert.True(_oneSecondToFiveMinutes.IsValid(TimeSpan.FromSeconds(1)));
        Assert.True(_oneSecondToFiveMinutes.IsValid(TimeSpan.FromMinutes(5)));
        Assert.False(_oneSecondToFiveMinutes.IsValid(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1)));
        Assert.False(_oneSecondToFiveMinutes.IsValid(TimeSpan.FromMinutes(5) + TimeSpan.FromTicks(1)));
        Assert.False(_oneSecondToFiveMinutes.IsValid(TimeSpan.FromSeconds(-30)));
    }

    [Fact]
    public void BoundsInDays_ParseAsTimeSpanSaysThem()
    {
        var attribute = new DurationRangeAttribute("00:01:00", "30.00:00:00");

        Assert.Equal(TimeSpan.FromMinutes(1), attribute.Minimum);
        Assert.Equal(TimeSpan.FromDays(30), attribute.Maximum);
    }

    [Fact]
    public void NoValue_IsLeftToRequired_AndAValueOfAnotherType_IsAMistakeInTheOptionsClass()
    {
        Assert.True(_oneSecondToFiveMinutes.IsValid(null));
        Assert.Throws<InvalidOperationException>(() => _oneSecondToFiveMinutes.IsValid(30));
    }

    [Fact]
    public void BoundsThatAreNotDurations_FailWhereTheAttributeIsMade()
    {
        Assert.Throws<FormatException>(() => new DurationRangeAttribute("a second", "00:05:00"));
    }

    [Fact]
    public async Task FreshAttributes_ValidatedFromManyThreadsAtOnce_AlwaysAnswer()
    {
        // RangeAttribute's race is on an instance's first use, so the threads, released together, go through 2,000
        // fresh attributes in the same order.
        const int threads = 4;
        var attributes = Enumerable.Range(0, 2_000).Select(_ => new DurationRangeAttribute("00:00:01", "00:05:00")).ToArray();
        using var start = new Barrier(threads);

        var answers = await Task.WhenAll(Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return attributes.Count(attribute => attribute.IsValid(TimeSpan.FromSeconds(20)));
        }, TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        Assert.All(answers, answer => Assert.Equal(attributes.Length, answer));
    }
}
