using Interest.Abstractions;
using static TorchSharp.torch;

namespace Interest.Inference.Tests;

/// <summary>Small models and random inputs shared by the tests.</summary>
internal static class TestData
{
    public const float Tolerance = 1e-4f;

    public static InterestModel SmallModel(int itemCount = 400, int embeddingSize = 32, int hiddenSize = 24, long seed = 7)
    {
        var model = new InterestModel(itemCount, embeddingSize, hiddenSize, seed);
        model.eval();
        return model;
    }

    public static (int[] Items, ClickEventType[] Types) RandomEvents(Random random, int count, int itemCount)
    {
        var items = new int[count];
        var types = new ClickEventType[count];
        for (int i = 0; i < count; i++)
        {
            items[i] = random.Next(1, itemCount + 1);
            types[i] = (ClickEventType)random.Next(0, InterestModel.EventTypeCount);
        }
        return (items, types);
    }

    public static float[] RandomVector(Random random, int size, float scale = 0.5f)
    {
        var vector = new float[size];
        for (int i = 0; i < size; i++) vector[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        return vector;
    }

    public static float[] ToArray(Tensor tensor) => tensor.cpu().data<float>().ToArray();

    public static float MaxAbsDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        return worst;
    }

    public static void AssertClose(float[] expected, float[] actual, string what)
    {
        float difference = MaxAbsDifference(expected, actual);
        Assert.True(difference <= Tolerance, $"{what}: max abs difference {difference} exceeds {Tolerance}");
    }

    /// <summary>
    /// Same scores rank by rank and the same items in the same order, except among items whose scores tie within the
    /// tolerance: their order, and which of them make the cut at the last rank, is arbitrary.
    /// </summary>
    public static void AssertSameRanking(ScoredItem[] expected, ScoredItem[] actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} items instead of {expected.Length}");
        Assert.Equal(actual.Length, actual.Select(item => item.ItemId).Distinct().Count());
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i].Score - actual[i].Score) <= Tolerance,
                $"{what}: score at rank {i} is {actual[i].Score} instead of {expected[i].Score}");
            if (expected[i].ItemId == actual[i].ItemId) continue;
            bool tied = expected.Where((_, rank) => rank != i).Any(item => Math.Abs(item.Score - expected[i].Score) <= Tolerance);
            Assert.True(tied, $"{what}: item at rank {i} is {actual[i].ItemId} instead of {expected[i].ItemId} (score {expected[i].Score}, no tie)");
        }
    }

    public static void AssertSortedDescending(ScoredItem[] items)
    {
        for (int i = 1; i < items.Length; i++)
        {
            Assert.True(items[i - 1].Score >= items[i].Score, $"rank {i} ({items[i].Score}) scores above rank {i - 1} ({items[i - 1].Score})");
        }
    }
}
