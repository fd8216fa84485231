using PrivateDomain.Realtime.Silo.Extensions;

namespace PrivateDomain.Realtime.Grains.Tests.Configuration;

/// <summary>
/// The variable is the process's own, so these tests put back what they found. They run one after another (one class),
/// and no other test reads it; the runtime reads it only once, at the process's first socket.
/// </summary>
public sealed class RuntimeTuningTests
{
    private const string Variable = RuntimeTuning.InlineSocketCompletionsVariable;

    [Fact]
    public void PreferInlineSocketCompletions_WhenUnset_TurnsThemOn()
    {
        WithVariable(null, () =>
        {
            RuntimeTuning.PreferInlineSocketCompletions();

            Assert.Equal("1", Environment.GetEnvironmentVariable(Variable));
        });
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    public void PreferInlineSocketCompletions_KeepsTheOperatorsValue(string operatorsValue)
    {
        WithVariable(operatorsValue, () =>
        {
            RuntimeTuning.PreferInlineSocketCompletions();

            Assert.Equal(operatorsValue, Environment.GetEnvironmentVariable(Variable));
        });
    }

    private static void WithVariable(string? value, Action test)
    {
        var found = Environment.GetEnvironmentVariable(Variable);
        Environment.SetEnvironmentVariable(Variable, value);
        try
        {
            test();
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, found);
        }
    }
}
