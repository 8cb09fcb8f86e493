package io.chuanliu.training.model;

import java.io.Serializable;

/**
 * One user's ALS input: the brands rated (dense ids in name order, ascending) and the ratings
 * (confidences before {@code alpha}), in the same order.
 */
record UserRatings(String user, int[] brands, float[] ratings) implements Serializable {}
