package io.chuanliu.training.model;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A trained user-brand affinity model: the dot product of a user's and a brand's factors.
 *
 * @param userFactors columns user (string), factors (array of float)
 * @param brandFactors columns brand (string), factors (array of float)
 */
public record AffinityModel(Dataset<Row> userFactors, Dataset<Row> brandFactors, int rank) {}
