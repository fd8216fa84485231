using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Tests.Stores;

public sealed class GeoPointTests
{
    private static readonly GeoPoint PeoplesSquareShanghai = new(31.2323, 121.4735);
    private static readonly GeoPoint TiananmenBeijing = new(39.9087, 116.3975);

    [Fact]
    public void DistanceKmTo_ShanghaiToBeijing_IsAboutTheGreatCircleDistance()
    {
        // The great-circle distance between the two squares is about 1,068 km.
        Assert.InRange(PeoplesSquareShanghai.DistanceKmTo(TiananmenBeijing), 1060, 1075);
    }

    [Fact]
    public void DistanceKmTo_IsSymmetricAndZeroToItself()
    {
        Assert.Equal(PeoplesSquareShanghai.DistanceKmTo(TiananmenBeijing), TiananmenBeijing.DistanceKmTo(PeoplesSquareShanghai), 9);
        Assert.Equal(0, PeoplesSquareShanghai.DistanceKmTo(PeoplesSquareShanghai), 9);
    }

    [Theory]
    [InlineData(90.0001, 0)]
    [InlineData(-91, 0)]
    [InlineData(0, 180.5)]
    [InlineData(0, -181)]
    [InlineData(double.NaN, 0)]
    public void IsValid_OutsideTheGlobe_IsFalse(double latitude, double longitude) =>
        Assert.False(new GeoPoint(latitude, longitude).IsValid);
}
